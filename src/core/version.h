/* The version of this Gazette (gazette --version, /metrics). */
#ifndef GAZETTE_VERSION_H
#define GAZETTE_VERSION_H

#define GAZETTE_VERSION "0.1.0"

#endif

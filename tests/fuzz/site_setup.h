/*
** The demo site for the fuzz targets that serve it (fuzz_site.c,
** fuzz_newsroom.c): the demo configuration, the demo newsroom loaded into
** a database in the scratch folder, the theme, the catalogues, libvips, and
** the real server on 127.0.0.1 serving site_handle() with the page cache
** off. Made once per process; it lives until the process ends.
*/
#ifndef GAZETTE_FUZZ_SITE_SETUP_H
#define GAZETTE_FUZZ_SITE_SETUP_H

#include "site/site.h"

/* Starts it all (argv0: for libvips) and returns the server's port; *app
** (when app is not NULL) is the site. Aborts when a step fails. */
int fuzz_site_start(const char *argv0, site **app);

#endif

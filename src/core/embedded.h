/*
** Files compiled into the binary (tools/embed.c writes the table at build
** time): the default theme's templates and assets, and the demo site. The
** data is static and NUL-terminated after size bytes.
*/
#ifndef GAZETTE_EMBEDDED_H
#define GAZETTE_EMBEDDED_H

#include <stddef.h>

typedef struct embedded_file {
    const char *name; /* e.g. "themes/default/templates/article.html" */
    const unsigned char *data;
    size_t size;
} embedded_file;

extern const embedded_file embedded_files[];
extern const size_t embedded_file_count;

/* The embedded file called name, or NULL. */
const embedded_file *embedded_find(const char *name);

#endif

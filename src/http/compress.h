/*
** Content codings: choosing one from Accept-Encoding, and compressing with
** zlib (gzip) and brotli. Protocol only: what to compress is the
** application's choice.
*/
#ifndef GAZETTE_COMPRESS_H
#define GAZETTE_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum http_encoding { HTTP_IDENTITY = 0, HTTP_GZIP = 1, HTTP_BROTLI = 2, HTTP_ENCODINGS = 3 } http_encoding;

/* The best coding an Accept-Encoding header allows (brotli, then gzip,
** then none), honouring q-values, "*" and "identity;q=0" is ignored (we can
** always send identity). NULL: identity. */
http_encoding http_accepted_encoding(const char *accept_encoding);

/* "br", "gzip" or NULL for identity: the Content-Encoding value. */
const char *http_encoding_name(http_encoding e);

/* Compresses in with e at a level worth its time: high for files made
** once (best), moderate for pages made on demand. *out is malloc'ed (the
** caller frees it); false when the library fails or the result would not
** be smaller. */
bool http_compress(http_encoding e, bool best, const void *in, size_t len, void **out, size_t *out_len);

#endif

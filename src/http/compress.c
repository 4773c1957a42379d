/* gzip (zlib) and brotli, and Accept-Encoding. See compress.h. */
#include "compress.h"

#include <brotli/encode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

const char *http_encoding_name(http_encoding e) {
    return e == HTTP_BROTLI ? "br" : e == HTTP_GZIP ? "gzip" : NULL;
}

/* The q-value in an element's parameters (";q=0.5"), 1 without one. Parsed
** by hand: a qvalue is "0", "1" or "0." and up to three digits, and strtod
** would follow the locale. */
static double qvalue(const char *p, const char *end) {
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi) break;
        const char *v = semi + 1;
        while (v < end && (*v == ' ' || *v == '\t')) v++;
        if (end - v >= 3 && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=' && (v[2] == '0' || v[2] == '1')) {
            double q = v[2] - '0', scale = 0.1;
            if (v + 3 < end && v[3] == '.')
                for (const char *d = v + 4; d < end && d < v + 7 && *d >= '0' && *d <= '9'; d++, scale /= 10)
                    q += (*d - '0') * scale;
            return q > 1 ? 1 : q;
        }
        p = v;
    }
    return 1.0;
}

http_encoding http_accepted_encoding(const char *header) {
    if (!header) return HTTP_IDENTITY;
    double q[HTTP_ENCODINGS] = {0}, star = -1;
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        if (!*p) break;
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *name_end = semi ? semi : end;
        while (name_end > p && (name_end[-1] == ' ' || name_end[-1] == '\t')) name_end--;
        size_t n = (size_t)(name_end - p);
        double value = semi ? qvalue(semi, end) : 1.0;
        if (n == 2 && strncasecmp(p, "br", 2) == 0) q[HTTP_BROTLI] = value;
        else if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) || (n == 6 && strncasecmp(p, "x-gzip", 6) == 0))
            q[HTTP_GZIP] = value;
        else if (n == 1 && *p == '*') star = value;
        p = end;
    }
    /* "*" stands for the codings not named. */
    if (star >= 0) {
        if (!strstr(header, "br")) q[HTTP_BROTLI] = star;
        if (!strstr(header, "gzip")) q[HTTP_GZIP] = star;
    }
    if (q[HTTP_BROTLI] > 0 && q[HTTP_BROTLI] >= q[HTTP_GZIP]) return HTTP_BROTLI;
    if (q[HTTP_GZIP] > 0) return HTTP_GZIP;
    return HTTP_IDENTITY;
}

static bool gzip_compress(int level, const void *in, size_t len, void **out, size_t *out_len) {
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 31: a gzip wrapper around deflate's 15-bit window. */
    if (deflateInit2(&z, level, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    uLong bound = deflateBound(&z, (uLong)len);
    unsigned char *buf = malloc(bound);
    bool ok = false;
    if (buf) {
        z.next_in = (Bytef *)in;
        z.avail_in = (uInt)len;
        z.next_out = buf;
        z.avail_out = (uInt)bound;
        ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
    }
    *out_len = z.total_out;
    deflateEnd(&z);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    return true;
}

static bool brotli_compress(int quality, const void *in, size_t len, void **out, size_t *out_len) {
    size_t bound = BrotliEncoderMaxCompressedSize(len);
    if (bound == 0) return false;
    unsigned char *buf = malloc(bound);
    if (!buf) return false;
    size_t n = bound;
    if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len, in, &n, buf)) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = n;
    return true;
}

bool http_compress(http_encoding e, bool best, const void *in, size_t len, void **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    if (len > UINT32_MAX) return false;
    /* On demand: gzip 6 and brotli 5 give most of the gain in a millisecond
    ** for a page; once, for assets: the most there is. */
    bool ok = e == HTTP_GZIP     ? gzip_compress(best ? 9 : 6, in, len, out, out_len)
              : e == HTTP_BROTLI ? brotli_compress(best ? 11 : 5, in, len, out, out_len)
                                 : false;
    if (ok && *out_len >= len) {
        free(*out);
        *out = NULL;
        ok = false;
    }
    return ok;
}

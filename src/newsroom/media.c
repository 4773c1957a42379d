/* Image uploads with libvips. See media.h. */
#include "media.h"
#include "../core/log.h"
#include "../core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>
#include <webp/encode.h>

#define MAX_SIDE 12000
#define MAX_PIXELS (60 * 1000 * 1000)

static const int widths[] = {480, 960, 1600};

static void quiet_vips(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)data;
    log_info("libvips: %s", message);
}

bool media_start(const char *argv0) {
    if (VIPS_INIT(argv0)) return false;
    /* libvips warns on stderr about broken images we refuse anyway. */
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, quiet_vips, NULL);
    vips_cache_set_max(0); /* every upload is new: nothing to reuse */
    return true;
}

void media_stop(void) { vips_shutdown(); }

size_t media_body_limit(const config *cfg) { return (size_t)cfg->max_upload_mb * 1024 * 1024 + 64 * 1024; }

/* Writes data to path through a temporary file of its own (mkstemp: two
** uploads of the same image at once never share one) and a rename, so
** readers never see half a file. False with errno set. */
static bool write_file(const char *path, const void *data, size_t len) {
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) return false;
    if (fchmod(fd, 0644) != 0) {
        int saved = errno;
        close(fd);
        unlink(tmp);
        errno = saved;
        return false;
    }
    const unsigned char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        p += w;
        left -= (size_t)w;
    }
    if (left != 0 && errno == 0) errno = EIO;
    bool ok = left == 0 && fsync(fd) == 0;
    if (close(fd) != 0) ok = false;
    if (ok && rename(tmp, path) != 0) ok = false;
    if (!ok) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
    }
    return ok;
}

static bool make_dirs(const config *cfg, const char *hash) {
    char dir[1100];
    snprintf(dir, sizeof dir, "%s", cfg->media_dir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return false;
    snprintf(dir, sizeof dir, "%s/%.2s", cfg->media_dir, hash);
    return mkdir(dir, 0755) == 0 || errno == EEXIST;
}

/* Encodes an image as WebP with libwebp itself: libvips 8.14's saver adds an
** EXIF chunk of its own even when told to strip, and a variant should carry
** pixels only. The caller frees *out with WebPFree. */
static bool encode_webp(VipsImage *image, uint8_t **out, size_t *out_len) {
    VipsImage *srgb = NULL, *bytes = NULL;
    void *pixels = NULL;
    size_t pixels_len = 0;
    bool ok = false;
    if (vips_colourspace(image, &srgb, VIPS_INTERPRETATION_sRGB, NULL) == 0 &&
        vips_cast(srgb, &bytes, VIPS_FORMAT_UCHAR, NULL) == 0 &&
        (bytes->Bands == 3 || bytes->Bands == 4) &&
        (pixels = vips_image_write_to_memory(bytes, &pixels_len)) != NULL) {
        int w = bytes->Xsize, h = bytes->Ysize, stride = w * bytes->Bands;
        *out_len = bytes->Bands == 4 ? WebPEncodeRGBA(pixels, w, h, stride, 80, out)
                                     : WebPEncodeRGB(pixels, w, h, stride, 80, out);
        ok = *out_len > 0;
        if (!ok) vips_error("webp", "the WebP encoder failed");
    }
    g_free(pixels);
    if (bytes) g_object_unref(bytes);
    if (srgb) g_object_unref(srgb);
    return ok;
}

/* How making a variant went. */
typedef enum variant_result { VARIANT_OK, VARIANT_UNREADABLE, VARIANT_UNWRITABLE } variant_result;

/* Makes and writes the WebP and JPEG of one width. On failure, err says
** why (for the uploader when unreadable; for the log when unwritable). */
static variant_result make_variant(arena *a, const config *cfg, const unsigned char *data, size_t len,
                                   const char *hash, int width, char *err, size_t errlen, int *write_errno) {
    VipsImage *streamed = NULL, *thumb = NULL, *flat = NULL;
    uint8_t *webp = NULL;
    void *jpeg = NULL;
    size_t webp_len = 0, jpeg_len = 0;
    bool ok = false;
    /* fail_on=truncated: a cut-off file is refused, not padded with grey.
    ** The thumbnail is decoded once into memory, since it is saved twice
    ** and the loader reads its file only once, in order. */
    if (vips_thumbnail_buffer((void *)data, len, &streamed, width, "height", 100000, "size",
                              VIPS_SIZE_DOWN, "option_string", "fail_on=truncated", NULL) == 0 &&
        (thumb = vips_image_copy_memory(streamed)) != NULL &&
        encode_webp(thumb, &webp, &webp_len)) {
        /* JPEG has no transparency: put transparent images on white. */
        VipsImage *src = thumb;
        if (vips_image_hasalpha(thumb)) {
            VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
            int rc = vips_flatten(thumb, &flat, "background", white, NULL);
            vips_area_unref(VIPS_AREA(white));
            if (rc == 0) src = flat;
        }
        if (vips_jpegsave_buffer(src, &jpeg, &jpeg_len, "Q", 82, "strip", TRUE, "interlace", TRUE,
                                 "optimize_coding", TRUE, NULL) == 0)
            ok = true;
    }
    variant_result result = VARIANT_OK;
    if (!ok) {
        snprintf(err, errlen, "The image cannot be read: %s", vips_error_buffer());
        size_t n = strlen(err);
        while (n && (err[n - 1] == '\n' || err[n - 1] == ' ')) err[--n] = '\0';
        vips_error_clear();
        result = VARIANT_UNREADABLE;
    } else {
        const char *webp_path = arena_printf(a, "%s/%.2s/%s-%d.webp", cfg->media_dir, hash, hash, width);
        const char *jpeg_path = arena_printf(a, "%s/%.2s/%s-%d.jpg", cfg->media_dir, hash, hash, width);
        const char *failed = !write_file(webp_path, webp, webp_len) ? webp_path
                             : !write_file(jpeg_path, jpeg, jpeg_len) ? jpeg_path
                                                                       : NULL;
        if (failed) {
            *write_errno = errno;
            snprintf(err, errlen, "cannot write %s: %s", failed, strerror(errno));
            result = VARIANT_UNWRITABLE;
        }
    }
    WebPFree(webp);
    g_free(jpeg);
    if (flat) g_object_unref(flat);
    if (thumb) g_object_unref(thumb);
    if (streamed) g_object_unref(streamed);
    return result;
}

/* Removes the files an upload that failed half way left. */
static void remove_variants(arena *a, const config *cfg, const char *hash, int original_width) {
    for (size_t i = 0; i <= sizeof widths / sizeof widths[0]; i++) {
        int w = i < sizeof widths / sizeof widths[0] ? widths[i] : original_width;
        unlink(arena_printf(a, "%s/%.2s/%s-%d.webp", cfg->media_dir, hash, hash, w));
        unlink(arena_printf(a, "%s/%.2s/%s-%d.jpg", cfg->media_dir, hash, hash, w));
    }
}

/* The format of an upload by its content: "jpeg", "png", "webp" or NULL. */
static const char *format_of(const unsigned char *data, size_t len) {
    const char *loader = vips_foreign_find_load_buffer(data, len);
    vips_error_clear();
    if (!loader) return NULL;
    if (strcmp(loader, "VipsForeignLoadJpegBuffer") == 0) return "jpeg";
    if (strcmp(loader, "VipsForeignLoadPngBuffer") == 0 || strcmp(loader, "VipsForeignLoadSpngBuffer") == 0) return "png";
    if (strcmp(loader, "VipsForeignLoadWebpBuffer") == 0) return "webp";
    return NULL;
}

/* A server fault while storing an upload: the details to the log, a
** message without the server's paths to the uploader. */
static bool server_fault(int *status, int write_errno, char *err, size_t errlen, const char *detail) {
    log_error("media: %s", detail);
    bool full = write_errno == ENOSPC || write_errno == EDQUOT;
    *status = full ? 503 : 500;
    snprintf(err, errlen, full ? "The server's disk is full: the image was not stored. Tell the site's operator."
                               : "The server cannot store images right now; the image was not stored.");
    return false;
}

/* Records the upload and its audit entry in one transaction. */
static int record(store *s, const media *m, const actor *who, int64_t *id, bool *created) {
    int rc = store_begin(s);
    if (rc != STORE_OK) return rc;
    if ((rc = store_media_add(s, m, id, created)) != STORE_OK ||
        (*created && (rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address, .action = "uploaded image", .detail = m->hash})) != STORE_OK) ||
        (rc = store_commit(s)) != STORE_OK) {
        store_rollback(s);
        return rc;
    }
    return STORE_OK;
}

/* media_ingest() with the message written into err. */
static bool ingest(store *s, const config *cfg, arena *a, const unsigned char *data, size_t len,
                   const char *original_name, const actor *who, media *out, bool *created,
                   int *status, char *err, size_t errlen) {
    *status = 400;
    if ((size_t)cfg->max_upload_mb * 1024 * 1024 < len) {
        *status = 413;
        snprintf(err, errlen, "The file is larger than %d MB.", cfg->max_upload_mb);
        return false;
    }
    const char *format = len ? format_of(data, len) : NULL;
    if (!format) {
        snprintf(err, errlen, "Only JPEG, PNG and WebP images can be uploaded; this file is not one.");
        return false;
    }
    VipsImage *header = vips_image_new_from_buffer(data, len, "", NULL);
    if (!header) {
        snprintf(err, errlen, "The image cannot be read.");
        vips_error_clear();
        return false;
    }
    int w = vips_image_get_width(header), h = vips_image_get_height(header);
    g_object_unref(header);
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || (int64_t)w * h > MAX_PIXELS) {
        snprintf(err, errlen, "The image is %dx%d pixels; at most %d on a side and %d megapixels are taken.",
                 w, h, MAX_SIDE, MAX_PIXELS / 1000000);
        return false;
    }
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
    char hash[33];
    sodium_bin2hex(hash, sizeof hash, digest, sizeof digest);

    if (store_media_by_hash(s, a, hash, out) == STORE_OK) {
        *created = false;
        return true; /* the same bytes came before: stored once */
    }
    if (!make_dirs(cfg, hash)) {
        int e = errno;
        char detail[1200];
        snprintf(detail, sizeof detail, "cannot make a folder under %s: %s", cfg->media_dir, strerror(e));
        return server_fault(status, e, err, errlen, detail);
    }
    buf variants;
    buf_init(&variants, a);
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        int target = widths[i];
        if (target > w) {
            if (i > 0) break;
            target = w; /* narrower than the smallest: one variant, as it is */
        }
        int write_errno = 0;
        variant_result made = make_variant(a, cfg, data, len, hash, target, err, errlen, &write_errno);
        if (made != VARIANT_OK) {
            remove_variants(a, cfg, hash, w);
            if (made == VARIANT_UNWRITABLE) {
                char detail[600];
                snprintf(detail, sizeof detail, "%s", err);
                return server_fault(status, write_errno, err, errlen, detail);
            }
            return false;
        }
        buf_printf(&variants, "%s%d", variants.len ? " " : "", target);
        if (target == w) break;
    }
    media m = {.hash = hash, .format = format, .width = w, .height = h, .variants = variants.data,
               .bytes = (int64_t)len, .original_name = original_name, .uploaded_by = who->name};
    int64_t id;
    int rc = record(s, &m, who, &id, created);
    if (rc == STORE_OK) rc = store_media_by_id(s, a, id, out);
    if (rc != STORE_OK) {
        /* Another upload of the same bytes may have just recorded them: its files are these. */
        if (!*created && store_media_by_hash(s, a, hash, out) == STORE_OK) return true;
        remove_variants(a, cfg, hash, w);
        char detail[600];
        snprintf(detail, sizeof detail, "cannot record image %s: %s", hash, store_error(s));
        return server_fault(status, rc == STORE_FULL ? ENOSPC : 0, err, errlen, detail);
    }
    return true;
}

bool media_ingest(store *s, const config *cfg, arena *a, const unsigned char *data, size_t len,
                  const char *original_name, const actor *who, media *out, bool *created,
                  int *status, const char **error) {
    char err[512] = "";
    *created = false;
    bool ok = ingest(s, cfg, a, data, len, original_name, who, out, created, status, err, sizeof err);
    *error = ok ? NULL : arena_strdup(a, err);
    return ok;
}

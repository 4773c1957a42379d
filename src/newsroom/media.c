/* Image uploads with libvips. See media.h. */
#include "media.h"
#include "../render/i18n.h"
#include "../core/metrics.h"
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
/* What Google Discover and the social networks want of a large preview:
** an original at least this wide between two widths above gets a variant
** of its own width. */
#define LARGE_PREVIEW_WIDTH 1200

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
** readers never see half a file; on the disk before it returns unless
** !durable (the caller syncs later). False with errno set. */
static bool write_file_as(const char *path, const void *data, size_t len, bool durable) {
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
    bool ok = left == 0 && (!durable || fsync(fd) == 0);
    if (close(fd) != 0) ok = false;
    if (ok && rename(tmp, path) != 0) ok = false;
    if (!ok) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
    }
    return ok;
}

/* write_file_as(), on the disk before it returns. */
static bool write_file(const char *path, const void *data, size_t len) { return write_file_as(path, data, len, true); }

/* Makes dir and its folder for hash's files. */
static bool make_dirs_under(const char *dir, const char *hash) {
    char path[1100];
    snprintf(path, sizeof path, "%s", dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) return false;
    snprintf(path, sizeof path, "%s/%.2s", dir, hash);
    return mkdir(path, 0755) == 0 || errno == EEXIST;
}

/* Encodes an image as WebP with libwebp itself: libvips 8.14's saver adds an
** EXIF chunk of its own even when told to strip, and a variant should carry
** pixels only. method is libwebp's effort (0 fastest .. 6; 4 is its
** default). The caller frees *out with WebPFree. */
static bool encode_webp(VipsImage *image, int method, uint8_t **out, size_t *out_len) {
    VipsImage *srgb = NULL, *bytes = NULL;
    void *pixels = NULL;
    size_t pixels_len = 0;
    bool ok = false;
    *out = NULL;
    *out_len = 0;
    if (vips_colourspace(image, &srgb, VIPS_INTERPRETATION_sRGB, NULL) == 0 &&
        vips_cast(srgb, &bytes, VIPS_FORMAT_UCHAR, NULL) == 0 &&
        (bytes->Bands == 3 || bytes->Bands == 4) &&
        (pixels = vips_image_write_to_memory(bytes, &pixels_len)) != NULL) {
        WebPConfig settings;
        WebPPicture picture;
        WebPMemoryWriter writer;
        WebPMemoryWriterInit(&writer);
        if (WebPConfigInit(&settings) && WebPPictureInit(&picture)) {
            settings.quality = 80;
            settings.method = method;
            picture.width = bytes->Xsize;
            picture.height = bytes->Ysize;
            picture.writer = WebPMemoryWrite;
            picture.custom_ptr = &writer;
            int stride = bytes->Xsize * bytes->Bands;
            if ((bytes->Bands == 4 ? WebPPictureImportRGBA(&picture, pixels, stride)
                                   : WebPPictureImportRGB(&picture, pixels, stride)) &&
                WebPEncode(&settings, &picture)) {
                *out = writer.mem;
                *out_len = writer.size;
                ok = writer.size > 0;
            }
            WebPPictureFree(&picture);
        }
        if (!ok) {
            WebPMemoryWriterClear(&writer);
            *out = NULL;
            vips_error("webp", "the WebP encoder failed");
        }
    }
    g_free(pixels);
    if (bytes) g_object_unref(bytes);
    if (srgb) g_object_unref(srgb);
    return ok;
}

/* One width of an upload, encoded: its two files' names and bytes (in
** the request's arena). */
typedef struct variant {
    const char *webp_name, *jpeg_name;
    const void *webp, *jpeg;
    size_t webp_len, jpeg_len;
} variant;

/* The most variants an image has: one a width, and its own. */
#define VARIANTS_MAX (sizeof widths / sizeof widths[0] + 1)

struct media_prepared {
    char hash[33];
    const char *format;
    int width, height;
    size_t len;
    variant made[VARIANTS_MAX];
    size_t made_count;
    const char *variants; /* "480 960 1600" */
    bool written;         /* its files are in media_dir already (media_write_prepared) */
};

/* Says why an image cannot be read (libvips's words) into err and clears
** libvips's error buffer. */
static void unreadable(user_message *err) {
    char detail[USER_MESSAGE_ARG_BYTES];
    user_message_copy_text(detail, sizeof detail, vips_error_buffer());
    size_t n = strlen(detail);
    while (n && (detail[n - 1] == '\n' || detail[n - 1] == ' ')) detail[--n] = '\0';
    user_message_set(err, N_("The image cannot be read: %s"), detail);
    vips_error_clear();
}

/* How hard the encoders work: uploads get the best files; our own flat
** graphics, made many at once, the quickest that still look as good
** (libwebp's fastest method, a baseline JPEG). */
typedef enum encoding { ENCODE_BEST, ENCODE_QUICK } encoding;

/* Encodes thumb (decoded, in memory) as one width's WebP and JPEG into out,
** the bytes copied into a. */
static bool encode_variant(arena *a, VipsImage *thumb, const char *hash, int width, encoding how, variant *out) {
    uint8_t *webp = NULL;
    void *jpeg = NULL;
    size_t webp_len = 0, jpeg_len = 0;
    VipsImage *flat = NULL;
    bool ok = false;
    if (encode_webp(thumb, how == ENCODE_QUICK ? 0 : 4, &webp, &webp_len)) {
        /* JPEG has no transparency: put transparent images on white. */
        VipsImage *src = thumb;
        if (vips_image_hasalpha(thumb)) {
            VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
            int rc = vips_flatten(thumb, &flat, "background", white, NULL);
            vips_area_unref(VIPS_AREA(white));
            if (rc == 0) src = flat;
        }
        if (vips_jpegsave_buffer(src, &jpeg, &jpeg_len, "Q", 82, "strip", TRUE, "interlace", how == ENCODE_BEST,
                                 "optimize_coding", TRUE, NULL) == 0)
            ok = true;
    }
    if (ok) {
        out->webp_name = arena_printf(a, "%s-%d.webp", hash, width);
        out->jpeg_name = arena_printf(a, "%s-%d.jpg", hash, width);
        void *w = arena_alloc(a, webp_len), *j = arena_alloc(a, jpeg_len);
        memcpy(w, webp, webp_len);
        memcpy(j, jpeg, jpeg_len);
        out->webp = w;
        out->jpeg = j;
        out->webp_len = webp_len;
        out->jpeg_len = jpeg_len;
    }
    WebPFree(webp);
    g_free(jpeg);
    if (flat) g_object_unref(flat);
    return ok;
}

/* Makes the WebP and JPEG of one width of an upload into out. False when
** the image cannot be read, with err saying why (for the uploader). */
static bool make_variant(arena *a, const unsigned char *data, size_t len, const char *hash, int width,
                         variant *out, user_message *err) {
    VipsImage *streamed = NULL, *thumb = NULL;
    bool ok = false;
    /* fail_on=truncated: a cut-off file is refused, not padded with grey.
    ** The thumbnail is decoded once into memory, since it is saved twice
    ** and the loader reads its file only once, in order. */
    if (vips_thumbnail_buffer((void *)data, len, &streamed, width, "height", 100000, "size",
                              VIPS_SIZE_DOWN, "option_string", "fail_on=truncated", NULL) == 0 &&
        (thumb = vips_image_copy_memory(streamed)) != NULL)
        ok = encode_variant(a, thumb, hash, width, ENCODE_BEST, out);
    if (!ok) unreadable(err);
    if (thumb) g_object_unref(thumb);
    if (streamed) g_object_unref(streamed);
    return ok;
}

/* Writes a variant's two files under media_dir (durable: on the disk
** before it returns): NULL, or the file that could not be written (errno
** set). */
static const char *write_variant(arena *a, const config *cfg, const char *hash, const variant *v, bool durable) {
    const char *webp_path = arena_printf(a, "%s/%.2s/%s", cfg->media_dir, hash, v->webp_name);
    const char *jpeg_path = arena_printf(a, "%s/%.2s/%s", cfg->media_dir, hash, v->jpeg_name);
    return !write_file_as(webp_path, v->webp, v->webp_len, durable) ? webp_path
           : !write_file_as(jpeg_path, v->jpeg, v->jpeg_len, durable) ? jpeg_path
                                                                      : NULL;
}

/* Removes the files of the variants an upload that failed half way made. */
static void remove_variants(arena *a, const config *cfg, const media_prepared *p) {
    for (size_t i = 0; i < p->made_count; i++) {
        unlink(arena_printf(a, "%s/%.2s/%s", cfg->media_dir, p->hash, p->made[i].webp_name));
        unlink(arena_printf(a, "%s/%.2s/%s", cfg->media_dir, p->hash, p->made[i].jpeg_name));
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
static bool server_fault(int *status, int write_errno, user_message *err, const char *detail) {
    log_error("media: %s", detail);
    bool full = write_errno == ENOSPC || write_errno == EDQUOT;
    *status = full ? 503 : 500;
    user_message_set(err, full ? N_("The server's disk is full: the image was not stored. Tell the site's operator.")
                               : N_("The server cannot store images right now; the image was not stored."));
    return false;
}

/* Puts the variants' bytes in the database (inside the caller's transaction). */
static int keep_variants(store *s, const variant *v, size_t n) {
    int rc = STORE_OK;
    for (size_t i = 0; i < n && rc == STORE_OK; i++)
        if ((rc = store_media_file_put(s, v[i].webp_name, v[i].webp, v[i].webp_len)) == STORE_OK)
            rc = store_media_file_put(s, v[i].jpeg_name, v[i].jpeg, v[i].jpeg_len);
    return rc;
}

/* Records the upload and its audit entry in one transaction, with its
** variants' bytes when the site keeps them in the database (n of them;
** 0 when they are files already), and m's alt text and credit when it
** has them. */
static int record(store *s, const media *m, const actor *who, const variant *v, size_t n, int64_t *id,
                  bool *created) {
    int rc = store_begin(s);
    if (rc != STORE_OK) return rc;
    if ((rc = keep_variants(s, v, n)) != STORE_OK || (rc = store_media_add(s, m, id, created)) != STORE_OK ||
        (*created && (rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address, .action = "uploaded image", .detail = m->hash})) != STORE_OK) ||
        (*created && (m->alt || m->credit) && (rc = store_media_describe(s, *id, m->alt, m->credit)) != STORE_OK) ||
        (rc = store_commit(s)) != STORE_OK) {
        store_rollback(s);
        return rc;
    }
    metrics_add(METRIC_UPLOADS, 1);
    return STORE_OK;
}

/* Checks an upload's size, format and dimensions and names it by the hash
** of its bytes, into p (its format a static string). False with *status
** and err when it is refused. */
static bool check_upload(const config *cfg, const unsigned char *data, size_t len, media_prepared *p, int *status,
                         user_message *err) {
    *status = 400;
    if ((size_t)cfg->max_upload_mb * 1024 * 1024 < len) {
        *status = 413;
        user_message_set(err, N_("The file is larger than %d MB."), cfg->max_upload_mb);
        return false;
    }
    const char *format = len ? format_of(data, len) : NULL;
    if (!format) {
        user_message_set(err, N_("Only JPEG, PNG and WebP images can be uploaded; this file is not one."));
        return false;
    }
    VipsImage *header = vips_image_new_from_buffer(data, len, "", NULL);
    if (!header) {
        user_message_set(err, N_("The image cannot be read."));
        vips_error_clear();
        return false;
    }
    int w = vips_image_get_width(header), h = vips_image_get_height(header);
    g_object_unref(header);
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || (int64_t)w * h > MAX_PIXELS) {
        user_message_set(err, N_("The image is %dx%d pixels; at most %d on a side and %d megapixels are taken."),
                         w, h, MAX_SIDE, MAX_PIXELS / 1000000);
        return false;
    }
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
    sodium_bin2hex(p->hash, sizeof p->hash, digest, sizeof digest);
    p->format = format;
    p->width = w;
    p->height = h;
    p->len = len;
    return true;
}

/* The widths of an upload w pixels wide: 480, 960, 1600, none wider than
** it; narrower than the smallest, its own alone; between two widths, its
** own too when large previews can use it. Returns how many (at most
** VARIANTS_MAX) went into out. */
static size_t widths_for(int w, int out[VARIANTS_MAX]) {
    size_t n = 0;
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        int target = widths[i];
        if (target > w) {
            if (i > 0 && w < LARGE_PREVIEW_WIDTH) break;
            target = w;
        }
        out[n++] = target;
        if (target == w) break;
    }
    return n;
}

/* Notes the widths of p's variants ("480 960 1600") in a. */
static void list_variants(arena *a, media_prepared *p, const int *made, size_t n) {
    buf list;
    buf_init(&list, a);
    for (size_t i = 0; i < n; i++) buf_printf(&list, "%s%d", i ? " " : "", made[i]);
    p->variants = list.data;
    p->made_count = n;
}

/* Makes every variant of a checked upload into p. */
static bool make_variants(arena *a, const unsigned char *data, size_t len, media_prepared *p, user_message *err) {
    int made[VARIANTS_MAX];
    size_t n = widths_for(p->width, made);
    for (size_t i = 0; i < n; i++)
        if (!make_variant(a, data, len, p->hash, made[i], &p->made[i], err)) return false;
    list_variants(a, p, made, n);
    return true;
}

media_prepared *media_prepare(const config *cfg, arena *a, const unsigned char *data, size_t len, int *status,
                              user_message *error) {
    memset(error, 0, sizeof *error);
    media_prepared *p = arena_zalloc(a, sizeof *p);
    if (!check_upload(cfg, data, len, p, status, error) || !make_variants(a, data, len, p, error)) return NULL;
    return p;
}

media_prepared *media_prepare_drawn(arena *a, const char *svg, size_t len, VipsImage *const *images, size_t count,
                                    user_message *error) {
    memset(error, 0, sizeof *error);
    media_prepared *p = arena_zalloc(a, sizeof *p);
    if (count == 0 || count > VARIANTS_MAX) {
        user_message_set(error, N_("The image cannot be read."));
        return NULL;
    }
    p->width = vips_image_get_width(images[count - 1]);
    p->height = vips_image_get_height(images[count - 1]);
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)svg, len, NULL, 0);
    sodium_bin2hex(p->hash, sizeof p->hash, digest, sizeof digest);
    p->format = "svg";
    p->len = len;
    int made[VARIANTS_MAX];
    for (size_t i = 0; i < count; i++) {
        made[i] = vips_image_get_width(images[i]);
        if (made[i] < 1 || p->height < 1 || p->width > MAX_SIDE || p->height > MAX_SIDE ||
            (i && made[i] <= made[i - 1])) {
            user_message_set(error, N_("The image cannot be read."));
            return NULL;
        }
        if (!encode_variant(a, images[i], p->hash, made[i], ENCODE_QUICK, &p->made[i])) {
            unreadable(error);
            return NULL;
        }
    }
    list_variants(a, p, made, count);
    return p;
}

const char *media_prepared_hash(const media_prepared *p) { return p->hash; }

/* Writes p's files under media_dir (durable: each on the disk before the
** next), with the folder they go in. False with *status and err (and the
** files made removed) when one cannot be written. */
static bool write_prepared(const config *cfg, arena *a, const media_prepared *p, bool durable, int *status,
                           user_message *err) {
    if (!make_dirs_under(cfg->media_dir, p->hash)) {
        int e = errno;
        char detail[1200];
        snprintf(detail, sizeof detail, "cannot make a folder under %s: %s", cfg->media_dir, strerror(e));
        return server_fault(status, e, err, detail);
    }
    for (size_t i = 0; i < p->made_count; i++) {
        const char *failed = write_variant(a, cfg, p->hash, &p->made[i], durable);
        if (failed) {
            int e = errno;
            remove_variants(a, cfg, p);
            char detail[1200];
            snprintf(detail, sizeof detail, "cannot write %s: %s", failed, strerror(e));
            return server_fault(status, e, err, detail);
        }
    }
    return true;
}

bool media_write_prepared(store *s, const config *cfg, arena *a, media_prepared *p, int *status,
                          user_message *err) {
    memset(err, 0, sizeof *err);
    if (store_media_in_database(s)) return true;
    p->written = write_prepared(cfg, a, p, false, status, err);
    return p->written;
}

bool media_sync_files(const config *cfg) {
    int fd = open(cfg->media_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT; /* nothing was written there */
    bool ok = syncfs(fd) == 0;
    close(fd);
    return ok;
}

bool media_store_prepared(store *s, const config *cfg, arena *a, const media_prepared *p, const char *original_name,
                          const char *alt, const char *credit, const actor *who, media *out, bool *created,
                          int *status, user_message *err) {
    *created = false;
    memset(err, 0, sizeof *err);
    bool in_database = store_media_in_database(s);
    if (!in_database && !p->written && !write_prepared(cfg, a, p, true, status, err)) return false;
    media m = {.hash = p->hash, .format = p->format, .width = p->width, .height = p->height,
               .variants = p->variants, .bytes = (int64_t)p->len, .original_name = original_name,
               .uploaded_by = who->name, .alt = alt, .credit = credit};
    int64_t id;
    int rc = record(s, &m, who, p->made, in_database ? p->made_count : 0, &id, created);
    if (rc == STORE_OK) rc = store_media_by_id(s, a, id, out);
    if (rc != STORE_OK) {
        /* Another upload of the same bytes may have just recorded them: its files are these. */
        if (!*created && store_media_by_hash(s, a, p->hash, out) == STORE_OK) return true;
        if (!in_database) remove_variants(a, cfg, p);
        char detail[600];
        snprintf(detail, sizeof detail, "cannot record image %s: %s", p->hash, store_error(s));
        if (rc == STORE_UNAVAILABLE) {
            log_error("media: %s", detail);
            *status = 503;
            user_message_set(err, N_("The database cannot be reached right now: the image was not stored. Try again"
                                     " in a moment."));
            return false;
        }
        return server_fault(status, rc == STORE_FULL ? ENOSPC : 0, err, detail);
    }
    return true;
}

bool media_ingest(store *s, const config *cfg, arena *a, const unsigned char *data, size_t len,
                  const char *original_name, const actor *who, media *out, bool *created,
                  int *status, user_message *error) {
    *created = false;
    memset(error, 0, sizeof *error);
    media_prepared *p = arena_zalloc(a, sizeof *p);
    if (!check_upload(cfg, data, len, p, status, error)) return false;
    if (store_media_by_hash(s, a, p->hash, out) == STORE_OK) return true; /* the same bytes came before: stored once */
    if (!make_variants(a, data, len, p, error)) return false;
    return media_store_prepared(s, cfg, a, p, original_name, NULL, NULL, who, out, created, status, error);
}

/* Reads a whole file into a (at most max bytes): NULL when it cannot. */
static void *read_file(arena *a, const char *path, size_t max, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        close(fd);
        return NULL;
    }
    unsigned char *data = arena_alloc(a, (size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fd);
    if (got != (size_t)st.st_size) return NULL;
    *len = got;
    return data;
}

/* Moves one variant file from where `from` keeps it to where `to` does. */
static bool move_variant(arena *a, const media_place *from, const media_place *to, size_t max, const char *hash,
                         const char *name, media_moved_fn each, void *ctx) {
    const void *data;
    size_t len = 0;
    if (!from->dir) {
        if (store_media_file_get(from->store, a, name, &data, &len) != STORE_OK) return false;
    } else {
        data = read_file(a, arena_printf(a, "%s/%.2s/%s", from->dir, hash, name), max, &len);
        if (!data) return false;
    }
    bool ok = !to->dir ? store_media_file_put(to->store, name, data, len) == STORE_OK
                       : make_dirs_under(to->dir, hash) &&
                             write_file(arena_printf(a, "%s/%.2s/%s", to->dir, hash, name), data, len);
    return ok && (!each || each(ctx, hash, name, data, len));
}

bool media_hash_valid(const char *s) {
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return false;
    return n >= 8 && n <= 128;
}

bool media_move_between(store *list, const media_place *from, const media_place *to, size_t max_bytes,
                        media_moved_fn each, void *ctx, FILE *out, int64_t *moved) {
    *moved = 0;
    bool ok = true;
    int failed = 0;
    for (int offset = 0;; offset += 100) {
        arena *a = arena_new();
        media *items;
        size_t n;
        if (store_media_list(list, a, offset, 100, &items, &n) != STORE_OK) {
            fprintf(out, "media: cannot list the images: %s\n", store_error(list));
            arena_free(a);
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            /* Names come from records: only a content hash may become a
            ** path (a hostile backup's "../x" never leaves its folder). */
            if (!media_hash_valid(items[i].hash)) {
                if (failed++ < 10) fprintf(out, "media: an image record with a bad hash: skipped\n");
                continue;
            }
            /* "480 960 1600": each width, in both formats. */
            for (const char *w = items[i].variants; w && *w;) {
                int width = atoi(w);
                const char *names[2] = {arena_printf(a, "%s-%d.webp", items[i].hash, width),
                                        arena_printf(a, "%s-%d.jpg", items[i].hash, width)};
                for (int k = 0; k < 2; k++) {
                    if (move_variant(a, from, to, max_bytes, items[i].hash, names[k], each, ctx)) (*moved)++;
                    else if (failed++ < 10) fprintf(out, "media: cannot move %s\n", names[k]);
                }
                w += strcspn(w, " ");
                w += strspn(w, " ");
            }
        }
        arena_free(a);
        if (n < 100) break;
    }
    if (failed) {
        fprintf(out, "media: %d image files could not be moved\n", failed);
        ok = false;
    }
    return ok;
}

bool media_move(store *from, store *to, const config *cfg, FILE *out, int64_t *moved) {
    *moved = 0;
    if (store_media_in_database(from) == store_media_in_database(to)) {
        /* Both in the database: the copy moved the rows. Both on disk:
        ** they share media_dir. */
        return true;
    }
    media_place a = {from, store_media_in_database(from) ? NULL : cfg->media_dir};
    media_place b = {to, store_media_in_database(to) ? NULL : cfg->media_dir};
    return media_move_between(from, &a, &b, media_variant_max(cfg), NULL, NULL, out, moved);
}

size_t media_variant_max(const config *cfg) { return (size_t)cfg->max_upload_mb * 4 * 1024 * 1024; }

void media_remove_files(const config *cfg, arena *a, const media *m) {
    if (!media_hash_valid(m->hash)) return; /* never a path made of anything else */
    char *list = arena_strdup(a, m->variants ? m->variants : ""), *save = NULL;
    for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int width = atoi(w);
        if (width <= 0) continue;
        unlink(arena_printf(a, "%s/%.2s/%s-%d.webp", cfg->media_dir, m->hash, m->hash, width));
        unlink(arena_printf(a, "%s/%.2s/%s-%d.jpg", cfg->media_dir, m->hash, m->hash, width));
    }
}

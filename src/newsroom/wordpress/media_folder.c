/* The old site's images for an import. See media_folder.h. */
#include "media_folder.h"
#include "../media.h"
#include "../../render/i18n.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/hash.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct wp_media {
    store *store;
    const config *cfg;
    const actor *who;
    bool dry_run;
    int dir;             /* the folder, open; -1: none */
    arena *arena;        /* what the cache keeps */
    xmlHashTablePtr seen; /* address: the media record (a copy), or NULL for not found */
    int stored, known;
};

/* What the cache keeps of an address: the record, or why there is none. */
typedef struct seen_image {
    media record;
    const char *why; /* NULL: found */
} seen_image;

wp_media *wp_media_new(store *s, const config *cfg, const char *dir, bool dry_run, const actor *who) {
    arena *a = arena_new();
    wp_media *m = arena_zalloc(a, sizeof *m);
    *m = (wp_media){.store = s, .cfg = cfg, .who = who, .dry_run = dry_run, .dir = -1, .arena = a};
    m->seen = xmlHashCreate(256);
    if (dir) m->dir = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return m;
}

void wp_media_free(wp_media *m) {
    if (!m) return;
    if (m->dir >= 0) close(m->dir);
    if (m->seen) xmlHashFree(m->seen, NULL);
    arena_free(m->arena);
}

void wp_media_describe(wp_media *m, const char *url, const char *alt) {
    seen_image *seen = m->seen && url ? xmlHashLookup(m->seen, (const xmlChar *)url) : NULL;
    media *image = seen && !seen->why ? &seen->record : NULL;
    if (m->dry_run || !image || !image->id || !alt || !*alt || (image->alt && *image->alt)) return;
    int status = 0;
    user_message error = {0};
    if (media_describe(m->store, m->who, image->id, alt, image->credit, &status, &error))
        image->alt = arena_strdup(m->arena, alt);
}

void wp_media_counts(const wp_media *m, int *stored, int *known) {
    *stored = m->stored;
    *known = m->known;
}

/* The file's path under the folder from url (after "uploads/", its
** query and fragment gone, percent escapes read), in a; NULL when it
** has none or would leave the folder. */
static char *relative_path(arena *a, const char *url) {
    const char *p = strstr(url, "/uploads/");
    if (!p) return NULL;
    p += strlen("/uploads/");
    size_t n = strcspn(p, "?#");
    if (n == 0 || n > 1024) return NULL;
    size_t k;
    char *out = wp_percent_decode(a, p, n, &k);
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == '\\') return NULL;
    if (out[0] == '/' || strstr(out, "//")) return NULL;
    /* No segment may be "." or "..". */
    for (const char *s = out; *s;) {
        size_t len = strcspn(s, "/");
        if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.')) return NULL;
        s += len;
        if (*s == '/') s++;
    }
    return out;
}

/* path without a size variant's "-300x200" before its extension, in a;
** NULL when it has none. */
static char *original_of(arena *a, const char *path) {
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return NULL;
    const char *p = dot;
    while (p > path && isdigit((unsigned char)p[-1])) p--;
    if (p == dot || p == path || p[-1] != 'x') return NULL;
    const char *x = p - 1, *q = x;
    while (q > path && isdigit((unsigned char)q[-1])) q--;
    if (q == x || q == path || q[-1] != '-') return NULL;
    return arena_printf(a, "%.*s%s", (int)(q - 1 - path), path, dot);
}

/* Opens path under the folder (a regular file): its descriptor and size,
** or -1 with errno. */
static int open_file(const wp_media *m, const char *path, size_t *size) {
    int fd = openat(m->dir, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    *size = (size_t)st.st_size;
    return fd;
}

/* Reads n bytes of fd into a buffer the caller frees; NULL on failure. */
static unsigned char *read_all(int fd, size_t n) {
    unsigned char *data = malloc(n ? n : 1);
    size_t got = 0;
    while (data && got < n) {
        ssize_t r = read(fd, data + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            free(data);
            return NULL;
        }
        got += (size_t)r;
    }
    return data;
}

/* Finds and stores the image at url (not yet seen): true and *out, or
** false with why. */
static bool take(wp_media *m, arena *a, const char *url, media *out, const char **why) {
    if (m->dir < 0) {
        *why = "no media folder given (--media)";
        return false;
    }
    char *path = relative_path(a, url);
    if (!path) {
        *why = "not an address in the uploads folder";
        return false;
    }
    char *original = original_of(a, path);
    size_t size = 0;
    int fd = original ? open_file(m, original, &size) : -1;
    const char *name = original;
    if (fd < 0) {
        fd = open_file(m, path, &size);
        name = path;
    }
    if (fd < 0) {
        *why = arena_printf(a, "not in the media folder (%s)", path);
        return false;
    }
    if (size > media_body_limit(m->cfg)) {
        close(fd);
        *why = arena_printf(a, "larger than an upload may be (%s, %zu MB)", name, size >> 20);
        return false;
    }
    memset(out, 0, sizeof *out);
    if (m->dry_run) {
        close(fd);
        out->original_name = arena_strdup(a, name);
        return true;
    }
    unsigned char *data = read_all(fd, size);
    close(fd);
    if (!data) {
        *why = arena_printf(a, "cannot be read (%s)", name);
        return false;
    }
    const char *base = strrchr(name, '/');
    bool created = false;
    int status = 0;
    user_message error = {0};
    bool ok = media_ingest(m->store, m->cfg, a, data, size, base ? base + 1 : name, m->who, out, &created, &status,
                           &error);
    free(data);
    if (!ok) {
        *why = arena_printf(a, "refused (%s): %s", name, i18n_message(a, "en", &error));
        return false;
    }
    if (created) m->stored++;
    else m->known++;
    return true;
}

/* A copy of m's strings in a. */
static media copy_media(arena *a, const media *from) {
    media copy = *from, *c = &copy;
    const char **fields[] = {&c->hash, &c->format, &c->variants, &c->original_name, &c->uploaded_by, &c->alt, &c->credit};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (*fields[i]) *fields[i] = arena_strdup(a, *fields[i]);
    return copy;
}

bool wp_media_find(wp_media *m, arena *a, const char *url, media *out, const char **why) {
    if (!url || !*url) {
        *why = "no address";
        return false;
    }
    const seen_image *seen = m->seen ? xmlHashLookup(m->seen, (const xmlChar *)url) : NULL;
    if (seen) {
        *out = seen->record;
        *why = seen->why;
        return !seen->why;
    }
    bool ok = take(m, a, url, out, why);
    seen_image *keep = arena_zalloc(m->arena, sizeof *keep);
    if (ok) keep->record = copy_media(m->arena, out);
    else keep->why = arena_strdup(m->arena, *why);
    if (m->seen) xmlHashAddEntry(m->seen, (const xmlChar *)url, keep);
    return ok;
}

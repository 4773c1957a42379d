/*
** Catalogues: read with libgettextpo (the library gettext's own tools use
** for .po files), kept in a hash table per language. libgettextpo reads
** files by name; the embedded catalogues are handed to it through a memfd,
** so nothing is written to disk.
*/
#include "i18n.h"
#include "plural.h"
#include "../core/embedded.h"
#include "../core/fatal.h"

#include <dirent.h>
#include <gettext-po.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#define LANGUAGES I18N_LANGUAGES
#define MAX_FORMS 6

static const char *const codes[LANGUAGES] = {"en", "ru", "az"};

typedef struct message {
    char *key;            /* msgctxt "\x04" msgid, or msgid */
    char *plural;         /* msgid_plural or NULL */
    char *forms[MAX_FORMS];
    int form_count;
    struct message *next; /* in its hash bucket */
} message;

#define BUCKETS 512

typedef struct catalogue {
    message *buckets[BUCKETS];
    plural_rule *plural;
} catalogue;

static catalogue catalogues[LANGUAGES];

static int language_index(const char *lang) {
    for (int i = 0; i < LANGUAGES; i++)
        if (strcmp(lang, codes[i]) == 0) return i;
    return -1;
}

static unsigned hash_key(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h % BUCKETS;
}

static const message *find(const catalogue *c, const char *key) {
    for (const message *m = c->buckets[hash_key(key)]; m; m = m->next)
        if (strcmp(m->key, key) == 0) return m;
    return NULL;
}

/* ------------------------------------------------------------- loading */

/* libgettextpo reports problems through callbacks; a fatal one must not
** return, so the loader longjmps out of it. */
static jmp_buf load_failed;
static char *load_err;
static size_t load_errlen;
static const char *load_name;

static void on_xerror(int severity, po_message_t pm, const char *filename, size_t lineno,
                      size_t column, int multiline, const char *text) {
    (void)pm; (void)filename; (void)column; (void)multiline;
    if (severity == PO_SEVERITY_WARNING) return;
    if (lineno != (size_t)-1) snprintf(load_err, load_errlen, "%s:%zu: %s", load_name, lineno, text);
    else snprintf(load_err, load_errlen, "%s: %s", load_name, text);
    longjmp(load_failed, 1);
}

static void on_xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1,
                       int ml1, const char *t1, po_message_t m2, const char *f2, size_t l2,
                       size_t c2, int ml2, const char *t2) {
    (void)m2; (void)f2; (void)l2; (void)c2; (void)ml2; (void)t2;
    on_xerror(severity, m1, f1, l1, c1, ml1, t1);
}

static const struct po_xerror_handler handler = {on_xerror, on_xerror2};

/* Adds the messages of a parsed file to a catalogue. */
/* True when a header's Content-Type says UTF-8 (or says nothing). Pages
** are UTF-8, and catalogues are not converted: another charset is refused. */
static bool utf8_catalogue(const char *header) {
    char *type = header ? po_header_field(header, "Content-Type") : NULL;
    const char *charset = type ? strstr(type, "charset=") : NULL;
    bool ok = !charset || strncasecmp(charset + 8, "UTF-8", 5) == 0 ||
              strncasecmp(charset + 8, "UTF8", 4) == 0 || strncasecmp(charset + 8, "CHARSET", 7) == 0;
    free(type);
    return ok;
}

static bool fill(catalogue *c, po_file_t file, char *err, size_t errlen) {
    const char *header = po_file_domain_header(file, NULL);
    if (!utf8_catalogue(header)) {
        snprintf(err, errlen, "%s: the catalogue must be in UTF-8 (its Content-Type names another charset)",
                 load_name);
        return false;
    }
    char *forms = header ? po_header_field(header, "Plural-Forms") : NULL;
    char why[160];
    c->plural = plural_rule_parse(forms ? forms : "nplurals=2; plural=(n != 1);", why, sizeof why);
    free(forms);
    if (!c->plural) {
        snprintf(err, errlen, "%s: %s", load_name, why);
        return false;
    }
    po_message_iterator_t it = po_message_iterator(file, NULL);
    po_message_t pm;
    while ((pm = po_next_message(it)) != NULL) {
        const char *id = po_message_msgid(pm);
        if (!*id || po_message_is_obsolete(pm) || po_message_is_fuzzy(pm)) continue;
        const char *ctxt = po_message_msgctxt(pm);
        message *m = xcalloc(1, sizeof *m);
        size_t n = strlen(id) + (ctxt ? strlen(ctxt) + 1 : 0) + 1;
        m->key = xmalloc(n);
        if (ctxt) snprintf(m->key, n, "%s\x04%s", ctxt, id);
        else snprintf(m->key, n, "%s", id);
        const char *plural = po_message_msgid_plural(pm);
        if (plural) {
            m->plural = xstrdup(plural);
            for (int i = 0; i < MAX_FORMS; i++) {
                const char *form = po_message_msgstr_plural(pm, i);
                if (!form) break;
                m->forms[m->form_count++] = xstrdup(form);
            }
        } else {
            m->forms[0] = xstrdup(po_message_msgstr(pm));
            m->form_count = 1;
        }
        unsigned b = hash_key(m->key);
        m->next = c->buckets[b];
        c->buckets[b] = m;
    }
    po_message_iterator_free(it);
    return true;
}

/* After a fatal error libgettextpo never returns to close the file it
** opened: find the descriptors that point where path points, other than
** keep, and close them. (The FILE it belonged to is lost; loading fails
** only at start-up, for a broken catalogue.) */
static void close_abandoned(const char *path, int keep) {
    char target[PATH_MAX], link[64], other[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) {
        if (!realpath(path, target)) return;
    } else {
        target[n] = '\0';
    }
    DIR *d = opendir("/proc/self/fd");
    if (!d) return;
    int self = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] == '.' || fd == keep || fd == self) continue;
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t m = readlink(link, other, sizeof other - 1);
        if (m < 0) continue;
        other[m] = '\0';
        if (strcmp(other, target) == 0) close(fd);
    }
    closedir(d);
}

/* Parses path into c; a fatal libgettextpo error lands back here. */
static bool parse_file(catalogue *c, const char *path, int keep, char *err, size_t errlen) {
    po_file_t file = NULL;
    if (setjmp(load_failed) != 0) {
        close_abandoned(path, keep);
        return false; /* the message is in err */
    }
    file = po_file_read(path, &handler);
    if (!file) {
        snprintf(err, errlen, "%s: cannot read the catalogue", load_name);
        return false;
    }
    bool ok = fill(c, file, err, errlen);
    po_file_free(file);
    return ok;
}

/* Reads a catalogue from a file, or from memory through a memfd. */
static bool load_one(catalogue *c, const char *name, const char *path, const unsigned char *data,
                     size_t size, char *err, size_t errlen) {
    char fdpath[64];
    int fd = -1;
    if (!path) {
        fd = memfd_create("catalogue", MFD_CLOEXEC);
        if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
            snprintf(err, errlen, "%s: cannot hand the catalogue to libgettextpo", name);
            if (fd >= 0) close(fd);
            return false;
        }
        snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
        path = fdpath;
    }
    load_err = err;
    load_errlen = errlen;
    load_name = name;
    bool ok = parse_file(c, path, fd, err, errlen);
    if (fd >= 0) close(fd);
    return ok;
}

bool i18n_load(const char *dir, char *err, size_t errlen) {
    i18n_free();
    for (int i = 0; i < LANGUAGES; i++) {
        char name[64], path[1024];
        snprintf(name, sizeof name, "locales/%s.po", codes[i]);
        bool from_dir = false;
        if (dir) {
            snprintf(path, sizeof path, "%s/%s.po", dir, codes[i]);
            from_dir = access(path, R_OK) == 0;
        }
        const embedded_file *f = embedded_find(name);
        if (!from_dir && !f) {
            snprintf(err, errlen, "%s: missing from this build", name);
            return false;
        }
        if (!load_one(&catalogues[i], from_dir ? path : name, from_dir ? path : NULL,
                      f ? f->data : NULL, f ? f->size : 0, err, errlen)) {
            i18n_free();
            return false;
        }
    }
    return true;
}

void i18n_free(void) {
    for (int i = 0; i < LANGUAGES; i++) {
        catalogue *c = &catalogues[i];
        for (int b = 0; b < BUCKETS; b++) {
            message *m = c->buckets[b];
            while (m) {
                message *next = m->next;
                for (int k = 0; k < m->form_count; k++) free(m->forms[k]);
                free(m->key);
                free(m->plural);
                free(m);
                m = next;
            }
            c->buckets[b] = NULL;
        }
        plural_rule_free(c->plural);
        c->plural = NULL;
    }
}

/* -------------------------------------------------------------- lookup */

/* English rule, for text with no catalogue: one, or other. */
static const char *english(const char *msgid, const char *msgid_plural, int64_t n) {
    return msgid_plural && n != 1 ? msgid_plural : msgid;
}

static const char *lookup(const char *lang, const char *key, const char *msgid,
                          const char *msgid_plural, int64_t n) {
    int i = language_index(lang);
    const catalogue *c = i >= 0 ? &catalogues[i] : NULL;
    const message *m = c && c->plural ? find(c, key) : NULL;
    if (!m) return english(msgid, msgid_plural, n);
    int form = 0;
    if (msgid_plural) {
        if (!m->plural) return english(msgid, msgid_plural, n);
        form = plural_rule_form(c->plural, n < 0 ? 0 - (uint64_t)n : (uint64_t)n);
    }
    if (form >= m->form_count || !*m->forms[form]) return english(msgid, msgid_plural, n);
    return m->forms[form];
}

const char *i18n_translate(const char *lang, const char *msgid, const char *msgid_plural,
                           int64_t n) {
    return lookup(lang, msgid, msgid, msgid_plural, n);
}

const char *i18n_translate_context(const char *lang, const char *context, const char *msgid) {
    char key[256];
    snprintf(key, sizeof key, "%s\x04%s", context, msgid);
    return lookup(lang, key, msgid, NULL, 1);
}

bool i18n_has(const char *lang, const char *context, const char *msgid,
              const char *msgid_plural) {
    int i = language_index(lang);
    if (i < 0 || !catalogues[i].plural) return false;
    char key[512];
    if (context) snprintf(key, sizeof key, "%s\x04%s", context, msgid);
    else snprintf(key, sizeof key, "%s", msgid);
    const message *m = find(&catalogues[i], key);
    if (!m) return false;
    if (msgid_plural && (!m->plural || m->form_count < plural_rule_count(catalogues[i].plural)))
        return false;
    for (int k = 0; k < m->form_count; k++)
        if (!*m->forms[k]) return false;
    return true;
}

const char *i18n_language_at(size_t i) { return i < LANGUAGES ? codes[i] : NULL; }

bool i18n_supported(const char *lang) { return lang && language_index(lang) >= 0; }

int i18n_plural_forms(const char *lang, const char *msgid, const char *msgid_plural, const char **forms,
                      int max) {
    if (!i18n_supported(lang) || !i18n_has(lang, NULL, msgid, msgid_plural)) return 0;
    const catalogue *c = &catalogues[language_index(lang)];
    const message *m = find(c, msgid);
    int n = m->form_count < max ? m->form_count : max;
    for (int i = 0; i < n; i++) forms[i] = m->forms[i];
    return n;
}

int i18n_plural_index(const char *lang, uint64_t n) {
    int i = lang ? language_index(lang) : -1;
    if (i < 0 || !catalogues[i].plural) return 0;
    return plural_rule_form(catalogues[i].plural, n);
}

const char *i18n_language_name(const char *lang) {
    if (strcmp(lang, "ru") == 0) return "Русский";
    if (strcmp(lang, "az") == 0) return "Azərbaycanca";
    return "English";
}

/* The first pass over a WordPress export. See index.h. */
#include "index.h"

#include <libxml/hash.h>
#include <stdio.h>
#include <string.h>

/* An attachment, and the next one of the same parent. */
typedef struct entry {
    wp_attachment pub;
    struct entry *next_child;
} entry;

struct wp_index {
    arena *arena;
    const char *site_url, *site_title;
    xmlHashTablePtr authors;     /* login: display name */
    xmlHashTablePtr terms;       /* taxonomy, slug: wxr_term */
    xmlHashTablePtr terms_by_id; /* id: wxr_term */
    xmlHashTablePtr attachments; /* id: entry */
    xmlHashTablePtr by_url;      /* address: entry */
    xmlHashTablePtr children;    /* parent id: the first entry, in a chain through next_child */
    xmlHashTablePtr last_child;  /* parent id: the last entry of the chain */
    int posts, attachment_count, others, author_count, term_count;
    bool capped;
};

/* A copy of s in x's arena ("" for NULL). */
static const char *keep(wp_index *x, const char *s) { return arena_strdup(x->arena, s ? s : ""); }

/* A number as a hash key, in buf. */
static const xmlChar *id_key(int64_t id, char *buf, size_t size) {
    snprintf(buf, size, "%lld", (long long)id);
    return (const xmlChar *)buf;
}

/* The address as the converter takes it: no trailing slash. */
static const char *without_slash(wp_index *x, const char *url) {
    char *s = arena_strdup(x->arena, url ? url : "");
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '/') s[--n] = '\0';
    return s;
}

static void on_site(void *ctx, const wxr_site *site) {
    wp_index *x = ctx;
    const char *url = *site->base_blog_url ? site->base_blog_url
                      : *site->link          ? site->link
                                             : site->base_site_url;
    x->site_url = without_slash(x, url);
    x->site_title = keep(x, site->title);
}

static void on_author(void *ctx, const wxr_author *au) {
    wp_index *x = ctx;
    if (!au->login || !*au->login) return;
    if (x->author_count >= WP_INDEX_AUTHORS_MAX) {
        x->capped = true;
        return;
    }
    const char *name = au->display_name && *au->display_name ? au->display_name : au->login;
    if (xmlHashAddEntry(x->authors, (const xmlChar *)au->login, (void *)keep(x, name)) == 0) x->author_count++;
}

static void on_term(void *ctx, const wxr_term *t) {
    wp_index *x = ctx;
    if (!t->slug || !*t->slug || !t->taxonomy) return;
    if (x->term_count >= WP_INDEX_TERMS_MAX) {
        x->capped = true;
        return;
    }
    wxr_term *copy = arena_alloc(x->arena, sizeof *copy);
    *copy = (wxr_term){keep(x, t->taxonomy), keep(x, t->slug), keep(x, t->name && *t->name ? t->name : t->slug),
                       t->parent ? keep(x, t->parent) : NULL, t->description ? keep(x, t->description) : NULL,
                       t->id};
    if (xmlHashAddEntry2(x->terms, (const xmlChar *)copy->taxonomy, (const xmlChar *)copy->slug, copy) != 0) return;
    x->term_count++;
    char key[24];
    if (t->id > 0) xmlHashAddEntry(x->terms_by_id, id_key(t->id, key, sizeof key), copy);
}

/* Keeps an attachment item, and chains it under its parent. */
static void add_attachment(wp_index *x, const wxr_item *it) {
    if (x->attachment_count >= WP_INDEX_ATTACHMENTS_MAX) {
        x->capped = true;
        return;
    }
    entry *e = arena_zalloc(x->arena, sizeof *e);
    const char *alt = wxr_meta_value(it, "_wp_attachment_image_alt");
    e->pub = (wp_attachment){it->id, it->parent, keep(x, *it->attachment_url ? it->attachment_url : it->guid),
                             keep(x, alt), keep(x, it->excerpt), keep(x, it->title)};
    char key[24];
    if (xmlHashAddEntry(x->attachments, id_key(it->id, key, sizeof key), e) != 0) return;
    x->attachment_count++;
    if (*e->pub.url) xmlHashAddEntry(x->by_url, (const xmlChar *)e->pub.url, e);
    if (it->parent <= 0) return;
    id_key(it->parent, key, sizeof key);
    entry *last = xmlHashLookup(x->last_child, (const xmlChar *)key);
    if (last) last->next_child = e;
    else xmlHashAddEntry(x->children, (const xmlChar *)key, e);
    xmlHashUpdateEntry(x->last_child, (const xmlChar *)key, e, NULL);
}

static bool on_item(void *ctx, arena *a, const wxr_item *it) {
    (void)a;
    wp_index *x = ctx;
    if (strcmp(it->type, "attachment") == 0) add_attachment(x, it);
    else if (strcmp(it->type, "post") == 0 || strcmp(it->type, "page") == 0) x->posts++;
    else x->others++;
    return true;
}

wp_index *wp_index_read(const char *path, wxr_result *r) {
    arena *a = arena_new();
    wp_index *x = arena_zalloc(a, sizeof *x);
    x->arena = a;
    x->site_url = x->site_title = "";
    x->authors = xmlHashCreate(64);
    x->terms = xmlHashCreate(256);
    x->terms_by_id = xmlHashCreate(256);
    x->attachments = xmlHashCreate(1024);
    x->children = xmlHashCreate(1024);
    x->by_url = xmlHashCreate(1024);
    x->last_child = xmlHashCreate(1024);
    wxr_handler h = {on_site, on_author, on_term, on_item, x};
    if (!x->authors || !x->terms || !x->terms_by_id || !x->attachments || !x->by_url || !x->children || !x->last_child ||
        (!wxr_read(path, &h, r) && r->status != WXR_BROKEN)) {
        if (!x->authors) snprintf(r->message, sizeof r->message, "out of memory");
        wp_index_free(x);
        return NULL;
    }
    return x;
}

void wp_index_free(wp_index *x) {
    if (!x) return;
    xmlHashTablePtr tables[] = {x->authors, x->terms, x->terms_by_id, x->attachments, x->by_url, x->children,
                                x->last_child};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (tables[i]) xmlHashFree(tables[i], NULL);
    arena_free(x->arena);
}

const char *wp_index_site_url(const wp_index *x) { return x->site_url; }
const char *wp_index_site_title(const wp_index *x) { return x->site_title; }
bool wp_index_capped(const wp_index *x) { return x->capped; }

void wp_index_counts(const wp_index *x, int *posts, int *attachments, int *others) {
    *posts = x->posts;
    *attachments = x->attachment_count;
    *others = x->others;
}

const char *wp_index_author(const wp_index *x, const char *login) {
    return login && *login ? xmlHashLookup(x->authors, (const xmlChar *)login) : NULL;
}

const wxr_term *wp_index_term(const wp_index *x, const char *taxonomy, const char *slug) {
    if (!taxonomy || !slug || !*slug) return NULL;
    return xmlHashLookup2(x->terms, (const xmlChar *)taxonomy, (const xmlChar *)slug);
}

const wxr_term *wp_index_term_by_id(const wp_index *x, int64_t id) {
    char key[24];
    return id > 0 ? xmlHashLookup(x->terms_by_id, id_key(id, key, sizeof key)) : NULL;
}

const wp_attachment *wp_index_attachment(const wp_index *x, int64_t id) {
    char key[24];
    const entry *e = id > 0 ? xmlHashLookup(x->attachments, id_key(id, key, sizeof key)) : NULL;
    return e ? &e->pub : NULL;
}

const wp_attachment *wp_index_attachment_at(const wp_index *x, const char *url) {
    const entry *e = url && *url ? xmlHashLookup(x->by_url, (const xmlChar *)url) : NULL;
    return e ? &e->pub : NULL;
}

size_t wp_index_attached(const wp_index *x, int64_t id, const wp_attachment **out, size_t max) {
    char key[24];
    size_t n = 0;
    for (const entry *e = id > 0 ? xmlHashLookup(x->children, id_key(id, key, sizeof key)) : NULL; e && n < max;
         e = e->next_child)
        out[n++] = &e->pub;
    return n;
}

/*
** store.h's functions: store_open() chooses the backend by the database's
** address, and every other call goes through the backend's table of
** operations (store_backend.h). Also what all backends share: the names of
** workflows and roles.
*/
#include "store_backend.h"

#include <stdio.h>
#include <string.h>

bool store_url_is_postgres(const char *url) {
    return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

/* Appends n bytes of text to out (size, *len used), cutting at the end. */
static void put(char *out, size_t size, size_t *len, const char *text, size_t n) {
    while (n-- && *len + 1 < size) out[(*len)++] = *text++;
    out[*len] = '\0';
}

void store_url_redact(const char *url, char *out, size_t size) {
    if (size == 0) return;
    size_t len = 0;
    out[0] = '\0';
    if (!url) return;
    if (!store_url_is_postgres(url)) {
        put(out, size, &len, url, strlen(url));
        return;
    }
    /* postgresql://user:password@host/db?...&password=...: the password's
    ** place is after the first ':' of the part before the last '@' (ahead
    ** of the path), and the value of a password= parameter. */
    const char *rest = strstr(url, "://") + 3;
    const char *path = rest + strcspn(rest, "/?");
    const char *at = NULL;
    for (const char *p = rest; p < path; p++)
        if (*p == '@') at = p;
    const char *colon = at ? memchr(rest, ':', (size_t)(at - rest)) : NULL;
    const char *p = url;
    if (colon) {
        put(out, size, &len, url, (size_t)(colon + 1 - url));
        put(out, size, &len, "***", 3);
        p = at;
    }
    while (*p) {
        bool param = (p[0] == '?' || p[0] == '&') && strncmp(p + 1, "password=", 9) == 0;
        if (!param) {
            put(out, size, &len, p++, 1);
            continue;
        }
        put(out, size, &len, p, 10);
        put(out, size, &len, "***", 3);
        p += 10;
        p += strcspn(p, "&");
    }
}

store *store_open(const char *url, char *err, size_t errlen) {
    if (store_url_is_postgres(url)) return postgres_store_open(url, true, err, errlen);
    return sqlite_store_open(url, true, err, errlen);
}

store *store_open_existing(const char *url, char *err, size_t errlen) {
    if (store_url_is_postgres(url)) return postgres_store_open(url, false, err, errlen);
    return sqlite_store_open(url, false, err, errlen);
}

void store_close(store *s) {
    if (s) s->ops->close(s);
}

const char *store_engine(const store *s) { return s->ops->engine; }

int store_ready(store *s, char *why, size_t size) {
    int have = store_schema_version(s), know = store_schema_known(s);
    if (have < 0) {
        snprintf(why, size, "the database does not answer");
        return STORE_UNAVAILABLE;
    }
    if (have != know) {
        snprintf(why, size, "the database's schema is version %d, and this Gazette's is %d: %s", have, know,
                 have > know ? "upgrade this node" : "run gazette init");
        return STORE_STALE;
    }
    *why = '\0';
    return STORE_OK;
}

int store_listen_wait(store_listener *l, int timeout_ms) { return l->wait(l, timeout_ms); }

void store_listen_stop(store_listener *l) {
    if (l) l->stop(l);
}

#define STORE_OP(r, n, p, a) \
    r store_##n p { return s->ops->n a; }
#define STORE_VOID(n, p, a) \
    void store_##n p { s->ops->n a; }
#include "store_ops.h"
#undef STORE_OP
#undef STORE_VOID

const char *workflow_name(article_workflow w) {
    switch (w) {
    case WF_DRAFT: return "draft";
    case WF_REVIEW: return "review";
    case WF_SCHEDULED: return "scheduled";
    case WF_PUBLISHED: return "published";
    case WF_UNPUBLISHED: return "unpublished";
    case WF_UNSET: break;
    }
    return "draft";
}

bool workflow_parse(const char *name, article_workflow *w) {
    static const article_workflow all[] = {WF_DRAFT, WF_REVIEW, WF_SCHEDULED, WF_PUBLISHED,
                                           WF_UNPUBLISHED};
    for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(name, workflow_name(all[i])) == 0) {
            *w = all[i];
            return true;
        }
    }
    return false;
}

const char *role_name(user_role r) {
    return r == ROLE_ADMIN ? "admin" : r == ROLE_EDITOR ? "editor" : "author";
}

bool role_parse(const char *name, user_role *r) {
    if (!name) return false;
    if (strcmp(name, "admin") == 0) *r = ROLE_ADMIN;
    else if (strcmp(name, "editor") == 0) *r = ROLE_EDITOR;
    else if (strcmp(name, "author") == 0) *r = ROLE_AUTHOR;
    else return false;
    return true;
}

article_workflow store_input_workflow(const article_input *in) {
    if (in->workflow != WF_UNSET) return in->workflow;
    return in->status == ARTICLE_PUBLISHED ? WF_PUBLISHED : WF_DRAFT;
}

int store_input_public(const article_input *in) {
    article_workflow w = store_input_workflow(in);
    return w == WF_PUBLISHED || w == WF_SCHEDULED;
}

const char *store_default_category_name(arena *a, const char *slug) {
    char *name = arena_strdup(a, slug);
    for (char *p = name; *p; p++)
        if (*p == '-') *p = ' ';
    if (name[0] >= 'a' && name[0] <= 'z') name[0] = (char)(name[0] - 'a' + 'A');
    return name;
}

int store_article_page_composed(store *s, arena *a, const char *lang, const char *slug, int older_limit,
                                int related_limit, article_page_data *out) {
    memset(out, 0, sizeof *out);
    int rc = store_article_by_slug(s, a, lang, slug, &out->article);
    if (rc != STORE_OK) return rc;
    const article *art = &out->article;
    list_cursor before = {art->published_at, art->id};
    if ((rc = store_article_tags(s, a, art->id, &out->tags, &out->tag_count)) != STORE_OK ||
        (rc = store_article_translations(s, a, art->translation_key, &out->translations,
                                         &out->translation_count)) != STORE_OK ||
        (rc = store_categories(s, a, lang, &out->categories, &out->category_count)) != STORE_OK ||
        (rc = store_articles_list(s, a, lang, art->category_id, &before, 0, older_limit, 0, &out->older,
                                  &out->older_count)) != STORE_OK)
        return rc;
    if (related_limit > 0)
        return store_article_related(s, a, art, related_limit, &out->related, &out->related_count);
    return STORE_OK;
}

int store_articles_lists_composed(store *s, arena *a, const char *lang, const list_request *requests, size_t n,
                                  article **out, size_t *counts) {
    for (size_t i = 0; i < n; i++) {
        const list_request *q = &requests[i];
        int rc = store_articles_list(s, a, lang, q->category_id, q->cursor, q->offset, q->limit, q->exclude_id,
                                     &out[i], &counts[i]);
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

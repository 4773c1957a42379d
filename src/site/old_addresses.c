/*
** The old site's addresses that an import kept (store_old_address_*):
** a request that finds nothing here and that one names answers 301 to
** where the story, page, category or tag is now, while it is public.
** WordPress's plain links (/?p=12, /index.php?page_id=3, /?cat=5,
** /?tag=x) are looked up by their argument whatever the path; any other
** by its path, with and without its trailing slash.
*/
#include "pages.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <string.h>
#include <time.h>

/* The key of a WordPress plain link in req's query, in req's arena; NULL when none. */
static const char *plain_link(http_request *req) {
    static const char *const names[] = {"p", "page_id", "cat", "tag"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = http_query(req, names[i]);
        if (!v || !*v || strlen(v) > 200) continue;
        bool number = strcmp(names[i], "tag") != 0;
        if (number ? !parse_int(v, 1, INT64_MAX, &(long long){0}) : !slug_valid(v, SLUG_MAX)) continue;
        return arena_printf(req->arena, "/?%s=%s", names[i], v);
    }
    return NULL;
}

/* Where the old address to leads now (in a), or NULL when it is not public. */
static const char *now_at(site *s, arena *a, const old_address *to) {
    if (to->target) return to->target;
    if (to->article_id) {
        article art;
        if (store_article_by_id(s->store, a, to->article_id, &art) != STORE_OK || art.status != ARTICLE_PUBLISHED ||
            art.deleted_at || art.published_at > (int64_t)time(NULL))
            return NULL;
        return urls_article_path(a, art.lang, art.category_slug, art.slug);
    }
    static_page page;
    if (store_page_by_id(s->store, a, to->page_id, &page) != STORE_OK || !page.published) return NULL;
    return urls_page_path(a, page.lang, page.slug);
}

bool old_address_redirect(site *s, http_request *req, http_response *resp) {
    const char *key = plain_link(req);
    old_address to;
    int rc = STORE_NOT_FOUND;
    if (key) {
        rc = store_old_address_find(s->store, req->arena, key, &to);
    } else {
        size_t n = strlen(req->path);
        if (n == 0 || n > OLD_ADDRESS_MAX) return false;
        rc = store_old_address_find(s->store, req->arena, req->path, &to);
        if (rc == STORE_NOT_FOUND) {
            const char *other = req->path[n - 1] == '/' ? arena_strndup(req->arena, req->path, n - 1)
                                                        : arena_printf(req->arena, "%s/", req->path);
            if (*other) rc = store_old_address_find(s->store, req->arena, other, &to);
        }
    }
    if (rc != STORE_OK) return false;
    const char *where = now_at(s, req->arena, &to);
    if (!where) return false;
    http_redirect(resp, 301, where);
    return true;
}

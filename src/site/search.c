/*
** Search: /{lang}/search?q=... (the results page) and /{lang}/search.json
** (the same results for the overlay and the apps). Any input gives a normal
** answer: the query is cleaned, turned into a safe FTS5 expression by
** search_query_build(), and shown back escaped.
*/
#include "page.h"
#include "pages.h"
#include "../core/fatal.h"
#include "../core/text.h"
#include "../core/metrics.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/escape.h"
#include "../render/i18n.h"
#include "../search/query.h"
#include "../search/snippet.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define RESULTS_PER_PAGE 20

/* Each worker thread keeps one tokenizer per edition: stemmers are not
** thread-safe, and making them per request would cost an allocation storm. */
static pthread_key_t tokenizer_key;
static pthread_once_t tokenizer_once = PTHREAD_ONCE_INIT;

typedef struct thread_tokenizers {
    search_tokenizer *by_lang[3];
} thread_tokenizers;

static void free_tokenizers(void *p) {
    thread_tokenizers *t = p;
    for (int i = 0; i < 3; i++) search_tokenizer_free(t->by_lang[i]);
    free(t);
}

static void make_key(void) {
    if (pthread_key_create(&tokenizer_key, free_tokenizers) != 0) fatal("pthread_key_create");
}

static search_tokenizer *tokenizer_for(const char *lang) {
    pthread_once(&tokenizer_once, make_key);
    thread_tokenizers *t = pthread_getspecific(tokenizer_key);
    if (!t) {
        t = xcalloc(1, sizeof *t);
        pthread_setspecific(tokenizer_key, t);
    }
    int i = strcmp(lang, "ru") == 0 ? 1 : strcmp(lang, "az") == 0 ? 2 : 0;
    if (!t->by_lang[i]) t->by_lang[i] = search_tokenizer_new(lang);
    return t->by_lang[i];
}

/* Marked text (\x01 word \x02) as HTML with <mark>, on one line. */
static const char *marked_html(arena *a, const char *marked) {
    char *line = arena_strdup(a, marked ? marked : "");
    for (char *c = line; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
    buf b;
    buf_init(&b, a);
    html_escape_marked(&b, line);
    return b.data ? b.data : "";
}

/* The query's results, or none for an empty query. */
typedef struct results {
    const char *query; /* cleaned, to show back */
    const search_query *match; /* NULL: no words */
    search_terms terms;
    search_tokenizer *tokenizer;
    long long page;
    search_hit *hits;
    size_t count;
    search_totals totals;
} results;

static bool run_search(site *s, http_request *req, const char *lang, int limit, results *r) {
    const char *q = http_query(req, "q");
    r->query = search_query_clean(req->arena, q);
    r->tokenizer = tokenizer_for(lang);
    r->match = search_query_build(req->arena, r->tokenizer, q, &r->terms);
    r->page = 1;
    /* A page number that is not a number is page 1; one past the results
    ** gives an empty page that says so. */
    const char *page_arg = http_query(req, "page");
    if (page_arg && !parse_int(page_arg, 1, 1000000, &r->page)) r->page = 1;
    if (r->page > STORE_SEARCH_WINDOW / limit + 1) r->page = STORE_SEARCH_WINDOW / limit + 1;
    r->hits = NULL;
    r->count = 0;
    memset(&r->totals, 0, sizeof r->totals);
    if (!r->match) return true;
    int64_t began = timeutil_monotonic_us();
    int rc = store_search(s->store, req->arena, lang, r->match, (int)((r->page - 1) * limit), limit, &r->hits,
                          &r->count, &r->totals);
    metrics_search(timeutil_monotonic_us() - began);
    return rc == STORE_OK;
}

/* The title with the query's words marked, as HTML. */
static const char *title_html(arena *a, const results *r, const search_hit *hit) {
    return marked_html(a, search_highlight(a, r->tokenizer, &r->terms, hit->title_text));
}

/* About 30 words of the body around the matches, marked, as HTML; when
** only the lead matches, the lead, so the reader sees why it was found. */
static const char *snippet_html(arena *a, const results *r, const search_hit *hit) {
    if (!search_matches(a, r->tokenizer, &r->terms, hit->body_text) &&
        search_matches(a, r->tokenizer, &r->terms, hit->subtitle_text))
        return marked_html(a, search_highlight(a, r->tokenizer, &r->terms, hit->subtitle_text));
    return marked_html(a, search_snippet(a, r->tokenizer, &r->terms, hit->body_text, 30));
}

/* "/en/search?q=...&page=N" */
static const char *page_url(arena *a, const char *lang, const char *query, long long number) {
    buf b;
    buf_init(&b, a);
    buf_printf(&b, "/%s/search?q=", lang);
    url_encode(&b, query);
    if (number > 1) buf_printf(&b, "&page=%lld", number);
    return b.data;
}

void search_page(site *s, http_request *req, http_response *resp, const char *lang) {
    page p;
    results r;
    if (!page_init(&p, s, req, resp, lang, NULL) || !run_search(s, req, lang, RESULTS_PER_PAGE, &r)) {
        page_error(s, req, resp, "search");
        return;
    }
    page_tag(&p, "search-%s", lang);
    tv_set_text(p.ctx, "query", r.query);
    tv_set_bool(p.ctx, "searched", r.match != NULL);
    tv *list = tv_list(p.arena);
    for (size_t i = 0; i < r.count; i++) {
        tv *item = page_article_item(&p, &r.hits[i].article);
        tv_set_html(item, "title_html", title_html(p.arena, &r, &r.hits[i]));
        tv_set_html(item, "snippet_html", snippet_html(p.arena, &r, &r.hits[i]));
        tv_push(list, item);
    }
    tv_set(p.ctx, "results", list);
    tv_set_bool(p.ctx, "has_results", r.count > 0);
    int64_t total = r.totals.total;
    tv_set_int(p.ctx, "total", total);
    tv_set_bool(p.ctx, "more_exist", r.totals.more_exist);
    tv_set_bool(p.ctx, "newest_ranked", r.totals.newest_ranked);
    int64_t reachable = total < STORE_SEARCH_WINDOW ? total : STORE_SEARCH_WINDOW;
    if (r.page * RESULTS_PER_PAGE < reachable)
        tv_set_text(p.ctx, "next_url", page_url(p.arena, lang, r.query, r.page + 1));
    if (r.page > 1) tv_set_text(p.ctx, "prev_url", page_url(p.arena, lang, r.query, r.page - 1));
    tv_set_bool(p.ctx, "has_pages", r.page > 1 || r.page * RESULTS_PER_PAGE < reachable);
    if (r.match && r.count == 0 && total > 0) {
        /* Past the last page of results. */
        tv_set_bool(p.ctx, "past_end", true);
        tv_set_text(p.ctx, "first_url", page_url(p.arena, lang, r.query, 1));
    } else if (r.match && r.count == 0) {
        /* Nothing found: offer the latest stories instead of a dead end. */
        article *latest;
        size_t n;
        if (store_articles_list(s->store, p.arena, lang, 0, NULL, 0, 5, 0, &latest, &n) == STORE_OK) {
            tv *items = tv_list(p.arena);
            for (size_t i = 0; i < n; i++) tv_push(items, page_article_item(&p, &latest[i]));
            tv_set(p.ctx, "latest", items);
            tv_set_bool(p.ctx, "has_latest", n > 0);
        }
    }
    const char *search = i18n_translate(lang, "Search", NULL, 1);
    const char *title = *r.query ? arena_printf(p.arena, "%s: %s — %s", search, r.query, config_site_name(s->cfg, lang))
                                 : arena_printf(p.arena, "%s — %s", search, config_site_name(s->cfg, lang));
    page_meta(&p, title, i18n_translate(lang, "What are you looking for?", NULL, 1), NULL);
    tv_set_bool(p.ctx, "noindex", true);
    page_render(&p, "search");
}

/* Adds a string to a JSON object (jansson copies it). */
static void json_set_string(json_t *obj, const char *key, const char *value) {
    json_object_set_new(obj, key, json_string(value ? value : ""));
}

json_t *search_results_json(site *s, http_request *req, const char *lang, int limit, const char *url_prefix) {
    results r;
    if (!run_search(s, req, lang, limit, &r)) return NULL;
    json_t *root = json_object();
    json_set_string(root, "query", r.query);
    json_object_set_new(root, "total", json_integer(r.totals.total));
    json_object_set_new(root, "total_is_lower_bound", json_boolean(r.totals.more_exist));
    json_object_set_new(root, "newest_ranked", json_boolean(r.totals.newest_ranked));
    json_object_set_new(root, "page", json_integer(r.page));
    json_object_set_new(root, "per_page", json_integer(limit));
    json_t *items = json_array();
    for (size_t i = 0; i < r.count; i++) {
        const article *a = &r.hits[i].article;
        json_t *item = json_object();
        char iso[40];
        iso8601_format_local(a->published_at, iso, sizeof iso);
        json_object_set_new(item, "id", json_integer(a->id));
        json_set_string(item, "title", a->title);
        json_set_string(item, "title_html", title_html(req->arena, &r, &r.hits[i]));
        json_set_string(item, "subtitle", a->subtitle);
        json_set_string(item, "snippet_html", snippet_html(req->arena, &r, &r.hits[i]));
        json_set_string(item, "url", arena_printf(req->arena, "%s%s", url_prefix,
                                                  urls_article_path(req->arena, a->lang, a->category_slug, a->slug)));
        json_set_string(item, "category", a->category_name);
        json_set_string(item, "category_slug", a->category_slug);
        json_set_string(item, "category_url", arena_printf(req->arena, "%s%s", url_prefix,
                                                           urls_category_path(req->arena, a->lang, a->category_slug)));
        json_set_string(item, "published_at", iso);
        json_set_string(item, "date", date_long(req->arena, lang, a->published_at));
        json_array_append_new(items, item);
    }
    json_object_set_new(root, "results", items);
    return root;
}

void search_json(site *s, http_request *req, http_response *resp, const char *lang) {
    const char *limit_arg = http_query(req, "limit");
    long long limit = RESULTS_PER_PAGE;
    if (limit_arg && !parse_int(limit_arg, 1, RESULTS_PER_PAGE, &limit)) limit = RESULTS_PER_PAGE;
    json_t *root = search_results_json(s, req, lang, (int)limit, "");
    if (!root) {
        page_error(s, req, resp, "search.json");
        return;
    }
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (!text) fatal_oom();
    buf_puts(&resp->body, text);
    free(text);
    resp->content_type = "application/json; charset=utf-8";
}

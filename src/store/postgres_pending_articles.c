/* TEMPORARY scaffold: the PostgreSQL operations of postgres_articles.c, until
** that file is written (it then replaces this one). */
#include "postgres_internal.h"

#include <string.h>

int postgres_category_ensure(store *s, const char *slug, int64_t *id) { (void)s; (void)slug; (void)id; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "category_ensure"); }
int postgres_category_find(store *s, const char *slug, int64_t *id) { (void)s; (void)slug; (void)id; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "category_find"); }
int postgres_category_set_text(store *s, int64_t id, const char *lang, const char *name, const char *description) { (void)s; (void)id; (void)lang; (void)name; (void)description; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "category_set_text"); }
int postgres_category_set_position(store *s, int64_t id, int position) { (void)s; (void)id; (void)position; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "category_set_position"); }
int postgres_categories(store *s, arena *a, const char *lang, category **out, size_t *count) { (void)s; (void)a; (void)lang; (void)out; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "categories"); }
int postgres_category_by_slug(store *s, arena *a, const char *lang, const char *slug, category *out) { (void)s; (void)a; (void)lang; (void)slug; (void)out; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "category_by_slug"); }
int postgres_article_save(store *s, const article_input *in, int64_t *id, bool *created) { (void)s; (void)in; (void)id; (void)created; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "article_save"); }
int postgres_article_by_slug(store *s, arena *a, const char *lang, const char *slug, article *out) { (void)s; (void)a; (void)lang; (void)slug; (void)out; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "article_by_slug"); }
int postgres_articles_list(store *s, arena *a, const char *lang, int64_t category_id, const list_cursor *cursor, int offset, int limit, int64_t exclude_id, article **out, size_t *count) { (void)s; (void)a; (void)lang; (void)category_id; (void)cursor; (void)offset; (void)limit; (void)exclude_id; (void)out; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_list"); }
int postgres_articles_tagged(store *s, arena *a, const char *lang, int64_t category_id, const char *tag, const list_cursor *cursor, int limit, article **out, size_t *count) { (void)s; (void)a; (void)lang; (void)category_id; (void)tag; (void)cursor; (void)limit; (void)out; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_tagged"); }
int postgres_articles_by_author(store *s, arena *a, const char *lang, const char *author_slug, const list_cursor *cursor, int offset, int limit, article **out, size_t *count) { (void)s; (void)a; (void)lang; (void)author_slug; (void)cursor; (void)offset; (void)limit; (void)out; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_by_author"); }
int postgres_articles_count_by_author(store *s, const char *lang, const char *author_slug, int64_t *count) { (void)s; (void)lang; (void)author_slug; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_count_by_author"); }
int postgres_featured(store *s, arena *a, const char *lang, int64_t since, article *out) { (void)s; (void)a; (void)lang; (void)since; (void)out; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "featured"); }
int postgres_articles_count(store *s, const char *lang, int64_t category_id, int64_t *count) { (void)s; (void)lang; (void)category_id; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_count"); }
int postgres_article_translations(store *s, arena *a, const char *translation_key, translation **out, size_t *count) { (void)s; (void)a; (void)translation_key; (void)out; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "article_translations"); }
int postgres_article_tags(store *s, arena *a, int64_t article_id, const char ***out, size_t *count) { (void)s; (void)a; (void)article_id; (void)out; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "article_tags"); }
int postgres_article_update(store *s, int64_t id, const article_input *in) { (void)s; (void)id; (void)in; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "article_update"); }
int postgres_views_get(store *s, int64_t article_id, int64_t *views) { (void)s; (void)article_id; (void)views; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "views_get"); }
int postgres_views_add(store *s, const int64_t *article_ids, const int64_t *counts, size_t n) { (void)s; (void)article_ids; (void)counts; (void)n; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "views_add"); }

/* TEMPORARY (pg-search): postgres_search.c reads its hits with this until
** postgres_articles.c defines it; goes with this file. */
void postgres_read_article(arena *a, const PGresult *r, int row, article *out) {
    out->id = pg_get_int(r, row, 0);
    out->lang = pg_get_text(a, r, row, 1);
    out->slug = pg_get_text(a, r, row, 2);
    out->category_id = pg_get_int(r, row, 3);
    out->category_slug = pg_get_text(a, r, row, 4);
    out->category_name = pg_get_text(a, r, row, 5);
    if (!out->category_name) out->category_name = store_default_category_name(a, out->category_slug);
    out->title = pg_get_text(a, r, row, 6);
    out->subtitle = pg_get_text(a, r, row, 7);
    out->author = pg_get_text(a, r, row, 8);
    out->published_at = pg_get_int(r, row, 9);
    out->updated_at = pg_get_int(r, row, 10);
    out->status = pg_get_int(r, row, 11) ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    out->body_html = pg_get_text(a, r, row, 12);
    out->translation_key = pg_get_text(a, r, row, 13);
    out->views = pg_get_int(r, row, 14);
    if (pg_is_null(r, row, 15) || !workflow_parse(PQgetvalue(r, row, 15), &out->workflow))
        out->workflow = out->status == ARTICLE_PUBLISHED ? WF_PUBLISHED : WF_DRAFT;
    out->deleted_at = pg_get_int(r, row, 16);
    out->owner = pg_get_text(a, r, row, 17);
    out->featured = pg_get_int(r, row, 18) != 0;
    out->lead_image_caption = pg_get_text(a, r, row, 19);
    out->lead_image_credit = pg_get_text(a, r, row, 20);
    memset(&out->lead_image, 0, sizeof out->lead_image);
    out->lead_image.id = pg_get_int(r, row, 21);
    if (out->lead_image.id) {
        out->lead_image.hash = pg_get_text(a, r, row, 22);
        out->lead_image.format = pg_get_text(a, r, row, 23);
        out->lead_image.width = (int)pg_get_int(r, row, 24);
        out->lead_image.height = (int)pg_get_int(r, row, 25);
        out->lead_image.variants = pg_get_text(a, r, row, 26);
    }
    out->version = pg_get_int(r, row, 27);
    out->body_markdown = NULL;
}

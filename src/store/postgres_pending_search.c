/* TEMPORARY scaffold: the PostgreSQL operations of postgres_search.c, until
** that file is written (it then replaces this one). */
#include "postgres_internal.h"

int postgres_search(store *s, arena *a, const char *lang, const search_query *query, int offset, int limit, search_hit **out, size_t *count, search_totals *totals) { (void)s; (void)a; (void)lang; (void)query; (void)offset; (void)limit; (void)out; (void)count; (void)totals; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "search"); }
bool postgres_search_stale(store *s) { (void)s; return false; }
int postgres_search_clear(store *s) { (void)s; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "search_clear"); }
int postgres_search_put(store *s, int64_t id, const article_input *in) { (void)s; (void)id; (void)in; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "search_put"); }
int postgres_search_mark_fresh(store *s) { (void)s; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "search_mark_fresh"); }
int postgres_articles_each(store *s, store_article_fn fn, void *ctx) { (void)s; (void)fn; (void)ctx; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_each"); }
int postgres_articles_total(store *s, int64_t *count) { (void)s; (void)count; return pg_fail(postgres_conn(s), STORE_ERROR, "%s is not on PostgreSQL yet", "articles_total"); }
int postgres_search_index(pg_conn *c, int64_t id, const article_input *in) { (void)c; (void)id; (void)in; return STORE_OK; }

/*
** The operations every store backend implements, one entry each: the
** return type, the name (store_NAME in store.h), the parameters, and the
** arguments as passed on. Read with STORE_OP(type, name, params, args) and
** STORE_VOID(name, params, args) defined, to make the table of operations
** (store_backend.h), the functions of store.h that call through it
** (store.c), and each backend's prototypes. store_open and store_close
** are apart (store_backend.h). No include guard: it is read more than once.
*/
STORE_OP(const char *, error, (store *s), (s))
STORE_OP(int, error_code, (store *s), (s))
STORE_OP(store_listener *, listen, (store *s), (s))
STORE_OP(int, schema_version, (store *s), (s))
STORE_OP(int, schema_known, (store *s), (s))
STORE_OP(int, integrity_check, (store *s, char *why, size_t size), (s, why, size))
STORE_OP(int, read_begin, (store *s), (s))
STORE_OP(int, read_end, (store *s), (s))
STORE_OP(int, begin, (store *s), (s))
STORE_OP(int, commit, (store *s), (s))
STORE_VOID(rollback, (store *s), (s))
STORE_OP(int, category_ensure, (store *s, const char *slug, int64_t *id), (s, slug, id))
STORE_OP(int, category_find, (store *s, const char *slug, int64_t *id), (s, slug, id))
STORE_OP(int, category_set_text,
         (store *s, int64_t id, const char *lang, const char *name, const char *description),
         (s, id, lang, name, description))
STORE_OP(int, category_set_position, (store *s, int64_t id, int position), (s, id, position))
STORE_OP(int, categories,
         (store *s, arena *a, const char *lang, category **out, size_t *count),
         (s, a, lang, out, count))
STORE_OP(int, category_by_slug,
         (store *s, arena *a, const char *lang, const char *slug, category *out),
         (s, a, lang, slug, out))
STORE_OP(int, article_save,
         (store *s, const article_input *in, int64_t *id, bool *created),
         (s, in, id, created))
STORE_OP(int, article_by_slug,
         (store *s, arena *a, const char *lang, const char *slug, article *out),
         (s, a, lang, slug, out))
STORE_OP(int, articles_list,
         (store *s, arena *a, const char *lang, int64_t category_id, const list_cursor *cursor, int
          offset, int limit, int64_t exclude_id, article **out, size_t *count),
         (s, a, lang, category_id, cursor, offset, limit, exclude_id, out, count))
STORE_OP(int, articles_tagged,
         (store *s, arena *a, const char *lang, int64_t category_id, const char *tag, const
          list_cursor *cursor, int limit, article **out, size_t *count),
         (s, a, lang, category_id, tag, cursor, limit, out, count))
STORE_OP(int, articles_by_author,
         (store *s, arena *a, const char *lang, const char *author_slug, const list_cursor *cursor,
          int offset, int limit, article **out, size_t *count),
         (s, a, lang, author_slug, cursor, offset, limit, out, count))
STORE_OP(int, articles_by_tag,
         (store *s, arena *a, const char *lang, const char *tag_slug, const list_cursor *cursor, int offset,
          int limit, article **out, size_t *count),
         (s, a, lang, tag_slug, cursor, offset, limit, out, count))
STORE_OP(int, tag_by_slug,
         (store *s, arena *a, const char *lang, const char *tag_slug, const char **name, int64_t *count),
         (s, a, lang, tag_slug, name, count))
STORE_OP(int, articles_count_by_author,
         (store *s, const char *lang, const char *author_slug, int64_t *count),
         (s, lang, author_slug, count))
STORE_OP(int, featured,
         (store *s, arena *a, const char *lang, int64_t since, article *out),
         (s, a, lang, since, out))
STORE_OP(int, articles_count,
         (store *s, const char *lang, int64_t category_id, int64_t *count),
         (s, lang, category_id, count))
STORE_OP(int, article_translations,
         (store *s, arena *a, const char *translation_key, translation **out, size_t *count),
         (s, a, translation_key, out, count))
STORE_OP(int, article_tags,
         (store *s, arena *a, int64_t article_id, const char ***out, size_t *count),
         (s, a, article_id, out, count))
STORE_OP(int, articles_lists,
         (store *s, arena *a, const char *lang, const list_request *requests, size_t n, article **out,
          size_t *counts),
         (s, a, lang, requests, n, out, counts))
STORE_OP(int, article_page,
         (store *s, arena *a, const char *lang, const char *slug, int older_limit, int related_limit,
          article_page_data *out),
         (s, a, lang, slug, older_limit, related_limit, out))
STORE_OP(int, related_compute,
         (store *s, arena *a, const article *of, related_score **out, size_t *count), (s, a, of, out, count))
STORE_OP(int, related_put, (store *s, int64_t id, const related_score *items, size_t n), (s, id, items, n))
STORE_OP(bool, related_stale, (store *s), (s))
STORE_OP(int, related_mark, (store *s, bool made), (s, made))
STORE_OP(int, import_link_find,
         (store *s, const char *source, int64_t external_id, import_link *out), (s, source, external_id, out))
STORE_OP(int, import_link_put, (store *s, const char *source, int64_t external_id, const import_link *link),
         (s, source, external_id, link))
STORE_OP(int, old_address_put, (store *s, const char *path, const old_address *to), (s, path, to))
STORE_OP(int, old_address_find, (store *s, arena *a, const char *path, old_address *out), (s, a, path, out))
STORE_OP(int, article_related,
         (store *s, arena *a, const article *of, int limit, article **out, size_t *count),
         (s, a, of, limit, out, count))
STORE_OP(int, search,
         (store *s, arena *a, const char *lang, const search_query *query, int offset, int limit,
          search_hit **out, size_t *count, search_totals *totals),
         (s, a, lang, query, offset, limit, out, count, totals))
STORE_OP(bool, search_stale, (store *s), (s))
STORE_OP(int, search_clear, (store *s), (s))
STORE_OP(int, search_put, (store *s, int64_t id, const article_input *in), (s, id, in))
STORE_OP(int, search_mark_fresh, (store *s), (s))
STORE_OP(int, articles_each, (store *s, store_article_fn fn, void *ctx), (s, fn, ctx))
STORE_OP(int, articles_total, (store *s, int64_t *count), (s, count))
STORE_OP(int, sitemap,
         (store *s, int64_t since, int offset, int limit, sitemap_fn fn, void *ctx),
         (s, since, offset, limit, fn, ctx))
STORE_OP(int, news_sitemap,
         (store *s, int64_t since, int limit, sitemap_fn fn, void *ctx),
         (s, since, limit, fn, ctx))
STORE_OP(int, published_total, (store *s, int64_t *count), (s, count))
STORE_OP(int, article_body, (store *s, arena *a, int64_t id, const char **html), (s, a, id, html))
STORE_OP(int, last_change,
         (store *s, const char *lang, int64_t category_id, int64_t *when),
         (s, lang, category_id, when))
STORE_OP(int, content_version,
         (store *s, int64_t *changed_at, int64_t *generation),
         (s, changed_at, generation))
STORE_OP(int, content_changes,
         (store *s, arena *a, int64_t after, int64_t *latest, const char ***scopes, size_t *count,
          bool *complete),
         (s, a, after, latest, scopes, count, complete))
STORE_OP(int, content_log,
         (store *s, arena *a, int64_t after, int limit, int64_t *latest, content_change **out, size_t *count,
          bool *complete),
         (s, a, after, limit, latest, out, count, complete))
STORE_OP(int, next_release,
         (store *s, const char *lang, int64_t now, int64_t *when),
         (s, lang, now, when))
STORE_OP(int, article_by_id, (store *s, arena *a, int64_t id, article *out), (s, a, id, out))
STORE_OP(int, article_find,
         (store *s, const char *lang, const char *slug, int64_t *id),
         (s, lang, slug, id))
STORE_OP(int, article_update, (store *s, int64_t id, const article_input *in), (s, id, in))
STORE_OP(int, articles_admin,
         (store *s, arena *a, const article_filter *f, article **out, size_t *count, int64_t *total),
         (s, a, f, out, count, total))
STORE_OP(int, articles_newsroom,
         (store *s, arena *a, const newsroom_filter *f, newsroom_page *out),
         (s, a, f, out))
STORE_OP(int, category_delete, (store *s, int64_t id), (s, id))
STORE_OP(int, tags, (store *s, arena *a, int limit, tag_use **out, size_t *count), (s, a, limit, out, count))
STORE_OP(int, tag_rename,
         (store *s, const char *from, const char *to, int64_t *changed),
         (s, from, to, changed))
STORE_OP(int, media_page,
         (store *s, arena *a, int64_t before_id, int limit, media **out, size_t *count),
         (s, a, before_id, limit, out, count))
STORE_OP(int, media_delete, (store *s, int64_t id), (s, id))
STORE_OP(int, article_trash, (store *s, int64_t id, bool trashed), (s, id, trashed))
STORE_OP(int, article_set_workflow,
         (store *s, int64_t id, article_workflow w, int64_t published_at),
         (s, id, w, published_at))
STORE_OP(int, publish_due,
         (store *s, int64_t now, int64_t *ids, size_t max, size_t *count),
         (s, now, ids, max, count))
STORE_OP(int, revision_add,
         (store *s, int64_t article_id, const char *actor, const char *actor_name, const char
          *snapshot),
         (s, article_id, actor, actor_name, snapshot))
STORE_OP(int, revisions,
         (store *s, arena *a, int64_t article_id, revision **out, size_t *count),
         (s, a, article_id, out, count))
STORE_OP(int, revision_get, (store *s, arena *a, int64_t id, revision *out), (s, a, id, out))
STORE_OP(int, redirect_add,
         (store *s, const char *lang, const char *old_path, int64_t article_id),
         (s, lang, old_path, article_id))
STORE_OP(int, redirect_find,
         (store *s, const char *lang, const char *old_path, int64_t *article_id),
         (s, lang, old_path, article_id))
STORE_OP(int, audit_add, (store *s, const audit_entry *e), (s, e))
STORE_OP(int, audit_list,
         (store *s, arena *a, int offset, int limit, audit_entry **out, size_t *count),
         (s, a, offset, limit, out, count))
STORE_OP(int, user_add,
         (store *s, const char *email, const char *name, user_role role, const char *password_hash,
          int64_t *id),
         (s, email, name, role, password_hash, id))
STORE_OP(int, user_by_email,
         (store *s, arena *a, const char *email, account *out),
         (s, a, email, out))
STORE_OP(int, user_by_id, (store *s, arena *a, int64_t id, account *out), (s, a, id, out))
STORE_OP(int, users, (store *s, arena *a, account **out, size_t *count), (s, a, out, count))
STORE_OP(int, user_set_password,
         (store *s, int64_t id, const char *password_hash),
         (s, id, password_hash))
STORE_OP(int, user_set_disabled, (store *s, int64_t id, bool disabled), (s, id, disabled))
STORE_OP(int, user_set_role, (store *s, int64_t id, user_role role), (s, id, role))
STORE_OP(int, user_set_language, (store *s, int64_t id, const char *language), (s, id, language))
STORE_OP(int, session_add,
         (store *s, const unsigned char *token_hash, size_t hash_len, int64_t user_id, const char
          *csrf, int64_t now),
         (s, token_hash, hash_len, user_id, csrf, now))
STORE_OP(int, session_find,
         (store *s, arena *a, const unsigned char *token_hash, size_t hash_len, int64_t idle_since,
          account *who, const char **csrf, int64_t *seen_at),
         (s, a, token_hash, hash_len, idle_since, who, csrf, seen_at))
STORE_OP(int, session_touch,
         (store *s, const unsigned char *token_hash, size_t hash_len, int64_t now),
         (s, token_hash, hash_len, now))
STORE_OP(int, session_delete,
         (store *s, const unsigned char *token_hash, size_t hash_len),
         (s, token_hash, hash_len))
STORE_OP(int, sessions_end_for, (store *s, int64_t user_id), (s, user_id))
STORE_OP(int, failed_login_add,
         (store *s, const char *email, const char *address, int64_t at),
         (s, email, address, at))
STORE_OP(int, failed_logins_count,
         (store *s, const char *email, const char *address, int64_t since, login_failures *out),
         (s, email, address, since, out))
STORE_OP(int, failed_logins_clear,
         (store *s, const char *email, const char *address),
         (s, email, address))
STORE_OP(int, login_device_add,
         (store *s, const unsigned char *hash, size_t hash_len, int64_t user_id, int64_t now),
         (s, hash, hash_len, user_id, now))
STORE_OP(int, login_device_find,
         (store *s, const unsigned char *hash, size_t hash_len, int64_t *user_id),
         (s, hash, hash_len, user_id))
STORE_OP(int, token_add,
         (store *s, const char *name, user_role role, const unsigned char *hash, size_t hash_len,
          int64_t *id),
         (s, name, role, hash, hash_len, id))
STORE_OP(int, token_find,
         (store *s, arena *a, const unsigned char *hash, size_t hash_len, api_token *out),
         (s, a, hash, hash_len, out))
STORE_OP(int, tokens, (store *s, arena *a, api_token **out, size_t *count), (s, a, out, count))
STORE_OP(int, token_revoke, (store *s, const char *name), (s, name))
STORE_OP(int, media_add,
         (store *s, const media *m, int64_t *id, bool *created),
         (s, m, id, created))
STORE_OP(int, media_by_id, (store *s, arena *a, int64_t id, media *out), (s, a, id, out))
STORE_OP(int, media_by_hash, (store *s, arena *a, const char *hash, media *out), (s, a, hash, out))
STORE_OP(int, media_describe, (store *s, int64_t id, const char *alt, const char *credit),
         (s, id, alt, credit))
STORE_OP(int, media_list,
         (store *s, arena *a, int offset, int limit, media **out, size_t *count),
         (s, a, offset, limit, out, count))
STORE_OP(int, setting_get,
         (store *s, arena *a, const char *key, const char **value),
         (s, a, key, value))
STORE_OP(int, setting_set, (store *s, const char *key, const char *value), (s, key, value))
STORE_OP(int, settings,
         (store *s, arena *a, const char ***pairs, size_t *count),
         (s, a, pairs, count))
STORE_OP(int, views_get, (store *s, int64_t article_id, int64_t *views), (s, article_id, views))
STORE_OP(int, views_add,
         (store *s, int64_t at, const int64_t *article_ids, const int64_t *counts, size_t n),
         (s, at, article_ids, counts, n))
STORE_OP(int, most_read,
         (store *s, arena *a, const char *lang, int64_t since, int64_t now, int limit, article **out,
          int64_t **views, size_t *count),
         (s, a, lang, since, now, limit, out, views, count))
STORE_OP(int, table_rows, (store *s, size_t table, store_row_fn fn, void *ctx), (s, table, fn, ctx))
STORE_OP(int, table_put,
         (store *s, size_t table, const store_value *row, size_t columns),
         (s, table, row, columns))
STORE_OP(int, table_clear, (store *s, size_t table), (s, table))
STORE_OP(int, table_rows_count, (store *s, size_t table, int64_t *count), (s, table, count))
STORE_OP(int, copy_finish, (store *s), (s))
STORE_OP(bool, media_in_database, (store *s), (s))
STORE_OP(int, media_file_put,
         (store *s, const char *name, const void *data, size_t len),
         (s, name, data, len))
STORE_OP(int, media_file_get,
         (store *s, arena *a, const char *name, const void **data, size_t *len),
         (s, a, name, data, len))
STORE_OP(int, media_file_size, (store *s, const char *name, int64_t *len), (s, name, len))
STORE_OP(int, preview_add,
         (store *s, int64_t article_id, const unsigned char *token_hash, size_t hash_len, const char *created_by,
          int64_t now, int64_t expires_at, int64_t *id),
         (s, article_id, token_hash, hash_len, created_by, now, expires_at, id))
STORE_OP(int, preview_find,
         (store *s, const unsigned char *token_hash, size_t hash_len, int64_t now, int64_t *article_id),
         (s, token_hash, hash_len, now, article_id))
STORE_OP(int, previews,
         (store *s, arena *a, int64_t article_id, int64_t now, preview_link **out, size_t *count),
         (s, a, article_id, now, out, count))
STORE_OP(int, preview_revoke, (store *s, int64_t article_id, int64_t id, int64_t now), (s, article_id, id, now))
STORE_OP(int, draft_put, (store *s, const article_draft *d), (s, d))
STORE_OP(int, draft_get,
         (store *s, arena *a, int64_t user_id, int64_t article_id, article_draft *out),
         (s, a, user_id, article_id, out))
STORE_OP(int, draft_delete, (store *s, int64_t user_id, int64_t article_id), (s, user_id, article_id))
STORE_OP(int, presence_beat,
         (store *s, arena *a, int64_t article_id, int64_t user_id, const char *tab, int64_t now,
          int64_t stale_before, int max_tabs, bool take_over, presence **out, size_t *count),
         (s, a, article_id, user_id, tab, now, stale_before, max_tabs, take_over, out, count))
STORE_OP(int, presence_leave, (store *s, int64_t user_id, const char *tab), (s, user_id, tab))
STORE_OP(int, author_by_slug, (store *s, arena *a, const char *slug, author_profile *out), (s, a, slug, out))
STORE_OP(int, author_by_user, (store *s, arena *a, int64_t user_id, author_profile *out), (s, a, user_id, out))
STORE_OP(int, authors,
         (store *s, arena *a, const char *after_slug, int limit, author_profile **out, size_t *count),
         (s, a, after_slug, limit, out, count))
STORE_OP(int, author_add, (store *s, const author_profile *in, int64_t *id), (s, in, id))
STORE_OP(int, author_update, (store *s, const char *slug, const author_profile *in), (s, slug, in))
STORE_OP(int, article_authors_fill, (store *s, arena *a, article *items, size_t n), (s, a, items, n))
STORE_OP(int, page_by_slug,
         (store *s, arena *a, const char *lang, const char *slug, bool published_only, static_page *out),
         (s, a, lang, slug, published_only, out))
STORE_OP(int, page_by_id, (store *s, arena *a, int64_t id, static_page *out), (s, a, id, out))
STORE_OP(int, pages,
         (store *s, arena *a, const char *lang, bool published_only, static_page **out, size_t *count),
         (s, a, lang, published_only, out, count))
STORE_OP(int, pages_menu, (store *s, arena *a, static_page **out, size_t *count), (s, a, out, count))
STORE_OP(int, page_add, (store *s, const static_page *in, int64_t *id), (s, in, id))
STORE_OP(int, page_update,
         (store *s, int64_t id, const static_page *in, int64_t expected_version, int64_t *version),
         (s, id, in, expected_version, version))
STORE_OP(int, page_delete, (store *s, int64_t id), (s, id))
STORE_OP(int, article_set_breaking, (store *s, int64_t id, const char *label, int64_t until), (s, id, label, until))
STORE_OP(int, breaking, (store *s, arena *a, int64_t now, breaking_story **out, size_t *count), (s, a, now, out, count))
STORE_OP(int, live_blog, (store *s, arena *a, int64_t article_id, int limit, bool pinned_first, live_blog *out),
         (s, a, article_id, limit, pinned_first, out))
STORE_OP(int, live_set, (store *s, int64_t article_id, bool live, int64_t ended_at), (s, article_id, live, ended_at))
STORE_OP(int, live_update_by_id, (store *s, arena *a, int64_t article_id, int64_t update_id, live_update *out),
         (s, a, article_id, update_id, out))
STORE_OP(int, live_update_add, (store *s, const live_update *in, int64_t *id), (s, in, id))
STORE_OP(int, live_update_change, (store *s, const live_update *in), (s, in))
STORE_OP(int, live_update_delete, (store *s, int64_t article_id, int64_t update_id), (s, article_id, update_id))
STORE_OP(int, live_blogs, (store *s, arena *a, int limit, live_mark **out, size_t *count), (s, a, limit, out, count))

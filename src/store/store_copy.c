/*
** Copying a whole site from one database to another (gazette copy), with
** either engine on either side: the list of tables that make a site, and
** the copy itself, which only moves rows through the backends' table
** operations (store_table_rows/put/clear/rows_count), so it knows no
** engine.
**
** What is not copied: the search index (each engine has its own; the
** caller rebuilds it from the articles), the change log and content
** version (the destination's own triggers write them as rows arrive), the
** schema's version and meta facts (the destination's migrations made
** them; but whether the related stories' lists are still to be made
** comes with them), and who has which article open in the editor (presence: a
** moment's fact). Uploaded images' files are moved by the caller with the media
** rows' hashes (they live beside the database, or in it).
*/
#include "store_backend.h"
#include "../core/buf.h"

#include <stdio.h>
#include <string.h>

#define I VALUE_INT
#define T VALUE_TEXT
#define B VALUE_BYTES
static const store_value_kind categories_kinds[] = {I, T, I};
static const store_value_kind category_texts_kinds[] = {I, T, T, T};
static const store_value_kind media_kinds[] = {I, T, T, I, I, I, T, T, T, I, T, T};
static const store_value_kind articles_kinds[] = {I, T, T, I, T, T, T, I, I, T, I, I, T, I, T, I, I, T, T, I, T, T,
                                                   T, T, I, T, I, I, I};
static const store_value_kind article_bodies_kinds[] = {I, T, T};
static const store_value_kind article_tags_kinds[] = {I, T, T};
static const store_value_kind related_stories_kinds[] = {I, I, I, I};
static const store_value_kind import_links_kinds[] = {T, I, I, I, I, T};
static const store_value_kind old_addresses_kinds[] = {T, I, I, T};
static const store_value_kind article_views_kinds[] = {I, I};
static const store_value_kind article_views_hourly_kinds[] = {I, I, I};
static const store_value_kind article_views_daily_kinds[] = {I, I, I};
static const store_value_kind revisions_kinds[] = {I, I, T, T, I, T};
static const store_value_kind redirects_kinds[] = {T, T, I};
static const store_value_kind users_kinds[] = {I, T, T, T, T, I, I, T};
static const store_value_kind sessions_kinds[] = {B, I, T, I, I};
static const store_value_kind failed_logins_kinds[] = {I, T, T, I};
static const store_value_kind login_devices_kinds[] = {B, I, I};
static const store_value_kind api_tokens_kinds[] = {I, T, T, B, I, I};
static const store_value_kind audit_log_kinds[] = {I, I, T, T, T, I, T, T};
static const store_value_kind settings_kinds[] = {T, T};
static const store_value_kind media_files_kinds[] = {T, B};
static const store_value_kind drafts_kinds[] = {I, I, T, I, I};
static const store_value_kind preview_links_kinds[] = {I, I, B, T, I, I, I};
static const store_value_kind authors_kinds[] = {I, T, T, T, I, T, T, T, T, T, I, I, I};
static const store_value_kind article_authors_kinds[] = {I, I, T};
static const store_value_kind live_updates_kinds[] = {I, I, T, T, T, T, T, T, I, I, I};
static const store_value_kind pages_kinds[] = {I, T, T, T, T, T, T, I, I, I, I, I, T};

/* The tables, each with its columns (the final schema's, in order) and
** their kinds above. */
static const store_table tables[] = {
    {"categories", (const char *const[]){"id", "slug", "position"}, categories_kinds, 3, "id", true},
    {"category_texts", (const char *const[]){"category_id", "lang", "name", "description"},
     category_texts_kinds, 4, "category_id, lang", false},
    {"media", (const char *const[]){"id", "hash", "format", "width", "height", "bytes", "variants",
                                    "original_name", "uploaded_by", "created_at", "alt", "credit"},
     media_kinds, 12, "id", true},
    {"articles", (const char *const[]){"id", "lang", "slug", "category_id", "title", "subtitle",
                                       "author", "published_at", "status", "translation_key",
                                       "created_at", "updated_at", "workflow", "deleted_at", "owner",
                                       "featured", "lead_image_id", "lead_image_caption",
                                       "lead_image_credit", "version", "author_slug", "lead_image_alt",
                                       "seo_title", "seo_description", "social_image_id", "canonical_url",
                                       "live", "live_ended_at", "live_changed_at"},
     articles_kinds, 29, "id", true},
    {"article_bodies", (const char *const[]){"article_id", "body_markdown", "body_html"},
     article_bodies_kinds, 3, "article_id", false},
    {"article_tags", (const char *const[]){"article_id", "tag", "tag_slug"}, article_tags_kinds, 3,
     "article_id, tag", false},
    {"related_stories", (const char *const[]){"article_id", "related_id", "shared", "likeness"},
     related_stories_kinds, 4, "article_id, related_id", false},
    {"live_updates", (const char *const[]){"id", "article_id", "title", "body_markdown", "body_html", "body_text",
                                           "author", "created_by", "pinned", "created_at", "corrected_at"},
     live_updates_kinds, 11, "id", true},
    {"article_views", (const char *const[]){"article_id", "count"}, article_views_kinds, 2,
     "article_id", false},
    {"article_views_hourly", (const char *const[]){"article_id", "hour_start", "count"}, article_views_hourly_kinds, 3,
     "article_id, hour_start", false},
    {"article_views_daily", (const char *const[]){"article_id", "day_start", "count"}, article_views_daily_kinds, 3,
     "article_id, day_start", false},
    {"revisions", (const char *const[]){"id", "article_id", "actor", "actor_name", "created_at", "snapshot"},
     revisions_kinds, 6, "id", true},
    {"redirects", (const char *const[]){"lang", "old_path", "article_id"}, redirects_kinds, 3,
     "lang, old_path", false},
    {"users", (const char *const[]){"id", "email", "name", "role", "password_hash", "disabled", "created_at",
                                    "language"},
     users_kinds, 8, "id", true},
    {"sessions", (const char *const[]){"token_hash", "user_id", "csrf", "created_at", "seen_at"},
     sessions_kinds, 5, "token_hash", false},
    {"failed_logins", (const char *const[]){"id", "email", "address", "at"}, failed_logins_kinds, 4,
     "id", true},
    {"login_devices", (const char *const[]){"token_hash", "user_id", "created_at"}, login_devices_kinds,
     3, "token_hash", false},
    {"api_tokens", (const char *const[]){"id", "name", "role", "token_hash", "created_at", "revoked_at"},
     api_tokens_kinds, 6, "id", true},
    {"audit_log", (const char *const[]){"id", "at", "actor", "actor_name", "action", "article_id",
                                        "detail", "address"},
     audit_log_kinds, 8, "id", true},
    {"settings", (const char *const[]){"key", "value"}, settings_kinds, 2, "key", false},
    {"media_files", (const char *const[]){"name", "data"}, media_files_kinds, 2, "name", false},
    {"drafts", (const char *const[]){"user_id", "article_id", "fields", "base_version", "saved_at"},
     drafts_kinds, 5, "user_id, article_id", false},
    {"preview_links", (const char *const[]){"id", "article_id", "token_hash", "created_by", "created_at", "expires_at",
                                            "revoked_at"},
     preview_links_kinds, 7, "id", true},
    {"authors", (const char *const[]){"id", "slug", "name", "bio", "photo_id", "website", "twitter", "facebook",
                                      "telegram", "email", "user_id", "created_at", "updated_at"},
     authors_kinds, 13, "id", true},
    {"article_authors", (const char *const[]){"article_id", "position", "author_slug"}, article_authors_kinds, 3,
     "article_id, position", false},
    {"pages", (const char *const[]){"id", "lang", "slug", "title", "description", "body_markdown", "body_html",
                                    "published", "menu_position", "version", "created_at", "updated_at",
                                    "updated_by"},
     pages_kinds, 13, "id", true},
    {"import_links", (const char *const[]){"source", "external_id", "page", "target_id", "version", "digest"},
     import_links_kinds, 6, "source, external_id", false},
    {"old_addresses", (const char *const[]){"path", "article_id", "page_id", "target"}, old_addresses_kinds, 4,
     "path", false},
};
#undef I
#undef T
#undef B

#define TABLE_COUNT (sizeof tables / sizeof tables[0])
_Static_assert(TABLE_COUNT <= STORE_TABLE_MAX, "raise STORE_TABLE_MAX");

size_t store_table_count(void) { return TABLE_COUNT; }

const char *store_table_name(size_t table) { return table < TABLE_COUNT ? tables[table].name : NULL; }

const store_table *store_table_at(size_t i) { return i < TABLE_COUNT ? &tables[i] : NULL; }

const char *store_table_sql(arena *a, const store_table *t, store_table_statement which, char mark) {
    buf b;
    buf_init(&b, a);
    switch (which) {
    case TABLE_SELECT:
        buf_puts(&b, "SELECT ");
        for (size_t i = 0; i < t->column_count; i++) buf_printf(&b, "%s%s", i ? ", " : "", t->columns[i]);
        buf_printf(&b, " FROM %s ORDER BY %s", t->name, t->order);
        break;
    case TABLE_INSERT:
        buf_printf(&b, "INSERT INTO %s (", t->name);
        for (size_t i = 0; i < t->column_count; i++) buf_printf(&b, "%s%s", i ? ", " : "", t->columns[i]);
        buf_puts(&b, ") VALUES (");
        for (size_t i = 0; i < t->column_count; i++) buf_printf(&b, "%s%c%zu", i ? ", " : "", mark, i + 1);
        buf_puts(&b, ")");
        break;
    case TABLE_DELETE: buf_printf(&b, "DELETE FROM %s", t->name); break;
    case TABLE_ROWS: buf_printf(&b, "SELECT count(*) FROM %s", t->name); break;
    case TABLE_STATEMENTS: break;
    }
    return b.data;
}

/* What a copy passes from one table's rows to the other store. */
typedef struct mover {
    store *to;
    size_t table;
    int64_t done, total;
    int rc;
    store_copy_progress progress;
    void *ctx;
} mover;

/* Puts one row of the source into the destination. */
static bool move_row(void *ctx, const store_value *row, size_t columns) {
    mover *m = ctx;
    m->rc = store_table_put(m->to, m->table, row, columns);
    if (m->rc != STORE_OK) return false;
    m->done++;
    if (m->progress && (m->done % 500 == 0 || m->done == m->total))
        m->progress(m->ctx, tables[m->table].name, m->done, m->total);
    return true;
}

/* True when any table of s has a row; STORE_OK or the error. */
static int has_rows(store *s, bool *any) {
    *any = false;
    for (size_t t = 0; t < TABLE_COUNT && !*any; t++) {
        int64_t n;
        int rc = store_table_rows_count(s, t, &n);
        if (rc != STORE_OK) return rc;
        *any = n > 0;
    }
    return STORE_OK;
}

/* Moves every table, in order: STORE_OK, or the first failure (err says). */
static int move_all(store *from, store *to, store_copy_progress progress, void *ctx, char *err,
                    size_t errlen) {
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        mover m = {.to = to, .table = t, .progress = progress, .ctx = ctx};
        int rc = store_table_rows_count(from, t, &m.total);
        if (rc != STORE_OK) {
            snprintf(err, errlen, "cannot count the source's %s: %s", tables[t].name, store_error(from));
            return rc;
        }
        if (progress) progress(ctx, tables[t].name, 0, m.total);
        rc = store_table_rows(from, t, move_row, &m);
        if (m.rc != STORE_OK) {
            snprintf(err, errlen, "cannot write %s: %s", tables[t].name, store_error(to));
            return m.rc;
        }
        if (rc != STORE_OK) {
            snprintf(err, errlen, "cannot read the source's %s: %s", tables[t].name, store_error(from));
            return rc;
        }
    }
    return STORE_OK;
}

/* Compares every table's rows in both stores: STORE_OK when all agree. */
static int verify(store *from, store *to, char *err, size_t errlen) {
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        int64_t a, b;
        if (store_table_rows_count(from, t, &a) != STORE_OK || store_table_rows_count(to, t, &b) != STORE_OK) {
            snprintf(err, errlen, "cannot count %s to verify the copy", tables[t].name);
            return STORE_ERROR;
        }
        if (a != b) {
            snprintf(err, errlen, "%s: %lld rows in the source, %lld in the copy", tables[t].name,
                     (long long)a, (long long)b);
            return STORE_ERROR;
        }
    }
    return STORE_OK;
}

int store_copy(store *from, store *to, bool replace, store_copy_progress progress, void *ctx,
               char *err, size_t errlen) {
    int rc = store_read_begin(from);
    if (rc != STORE_OK) {
        snprintf(err, errlen, "cannot read the source: %s", store_error(from));
        return rc;
    }
    if ((rc = store_begin(to)) != STORE_OK) {
        snprintf(err, errlen, "cannot write the destination: %s", store_error(to));
        store_read_end(from);
        return rc;
    }
    bool any = false;
    if ((rc = has_rows(to, &any)) != STORE_OK) {
        snprintf(err, errlen, "cannot read the destination: %s", store_error(to));
    } else if (any && !replace) {
        snprintf(err, errlen, "the destination holds a site already (say --replace to overwrite it)");
        rc = STORE_CONFLICT;
    }
    for (size_t t = TABLE_COUNT; rc == STORE_OK && any && t-- > 0;)
        if ((rc = store_table_clear(to, t)) != STORE_OK)
            snprintf(err, errlen, "cannot empty the destination's %s: %s", tables[t].name, store_error(to));
    if (rc == STORE_OK) rc = move_all(from, to, progress, ctx, err, errlen);
    if (rc == STORE_OK && (rc = store_copy_finish(to)) != STORE_OK)
        snprintf(err, errlen, "cannot finish the copy: %s", store_error(to));
    /* The related stories came with the rest: made where the source's were. */
    if (rc == STORE_OK && (rc = store_related_mark(to, !store_related_stale(from))) != STORE_OK)
        snprintf(err, errlen, "cannot finish the copy: %s", store_error(to));
    if (rc == STORE_OK) rc = verify(from, to, err, errlen);
    if (rc == STORE_OK && (rc = store_commit(to)) != STORE_OK)
        snprintf(err, errlen, "cannot commit the copy: %s", store_error(to));
    if (rc != STORE_OK) store_rollback(to);
    store_read_end(from);
    return rc;
}

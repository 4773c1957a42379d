/*
** The SQLite side of gazette copy (store_copy.c): a table's rows out, rows
** in with their ids, emptying and counting. The statements are made from
** the table list's constant names (store_table), never from input; values
** are bound. The inserts of each table are prepared once per connection.
*/
#include "sqlite_internal.h"
#include "../core/buf.h"
#include "../core/fatal.h"

#include <stdio.h>
#include <string.h>


/* Prepares a one-off statement of a table: NULL with the error recorded. */
static sqlite3_stmt *prepare_once(connection *c, const store_table *t, store_table_statement which) {
    arena *a = arena_new();
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, store_table_sql(a, t, which, '?'), -1, &st, NULL) != SQLITE_OK) {
        sqlite_fail(c, t->name);
        st = NULL;
    }
    arena_free(a);
    return st;
}

int sqlite_table_rows(store *s, size_t table, store_row_fn fn, void *ctx) {
    connection *c = sqlite_conn(s);
    const store_table *t = store_table_at(table);
    if (!t) return STORE_NOT_FOUND;
    sqlite3_stmt *st = prepare_once(c, t, TABLE_SELECT);
    if (!st) return c->error_code;
    store_value row[32];
    if (t->column_count > sizeof row / sizeof row[0]) fatal("table %s has too many columns", t->name);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < t->column_count; i++) {
            int type = sqlite3_column_type(st, (int)i);
            store_value *v = &row[i];
            memset(v, 0, sizeof *v);
            if (type == SQLITE_NULL) v->kind = VALUE_NULL;
            else if (t->kinds[i] == VALUE_INT) {
                v->kind = VALUE_INT;
                v->number = sqlite3_column_int64(st, (int)i);
            } else if (t->kinds[i] == VALUE_BYTES) {
                v->kind = VALUE_BYTES;
                v->data = sqlite3_column_blob(st, (int)i);
                v->len = (size_t)sqlite3_column_bytes(st, (int)i);
            } else {
                v->kind = VALUE_TEXT;
                v->data = sqlite3_column_text(st, (int)i);
                v->len = (size_t)sqlite3_column_bytes(st, (int)i);
            }
        }
        if (!fn(ctx, row, t->column_count)) break;
    }
    int result = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sqlite_fail(c, t->name);
    sqlite3_finalize(st);
    return result;
}

int sqlite_table_put(store *s, size_t table, const store_value *row, size_t columns) {
    connection *c = sqlite_conn(s);
    const store_table *t = store_table_at(table);
    if (!t || columns != t->column_count || table >= SQLITE_COPY_SLOTS) return STORE_ERROR;
    arena *a = arena_new();
    sqlite3_stmt *st = sqlite_stmt(c, SQLITE_COPY_FIRST + (int)table, store_table_sql(a, t, TABLE_INSERT, '?'));
    arena_free(a);
    for (size_t i = 0; i < columns; i++) {
        int at = (int)i + 1;
        switch (row[i].kind) {
        case VALUE_NULL: sqlite3_bind_null(st, at); break;
        case VALUE_INT: sqlite3_bind_int64(st, at, row[i].number); break;
        case VALUE_TEXT: sqlite3_bind_text(st, at, row[i].data, (int)row[i].len, SQLITE_STATIC); break;
        case VALUE_BYTES: sqlite3_bind_blob(st, at, row[i].data, (int)row[i].len, SQLITE_STATIC); break;
        }
    }
    return sqlite_exec_done(c, st, t->name);
}

int sqlite_table_clear(store *s, size_t table) {
    connection *c = sqlite_conn(s);
    const store_table *t = store_table_at(table);
    if (!t) return STORE_NOT_FOUND;
    sqlite3_stmt *st = prepare_once(c, t, TABLE_DELETE);
    if (!st) return c->error_code;
    int rc = sqlite3_step(st) == SQLITE_DONE ? STORE_OK : sqlite_fail(c, t->name);
    sqlite3_finalize(st);
    return rc;
}

int sqlite_table_rows_count(store *s, size_t table, int64_t *count) {
    connection *c = sqlite_conn(s);
    const store_table *t = store_table_at(table);
    if (!t) return STORE_NOT_FOUND;
    sqlite3_stmt *st = prepare_once(c, t, TABLE_ROWS);
    if (!st) return c->error_code;
    int rc = sqlite3_step(st) == SQLITE_ROW ? STORE_OK : sqlite_fail(c, t->name);
    *count = rc == STORE_OK ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc;
}

/* SQLite numbers a new row past the largest id there is: nothing to do. */
int sqlite_copy_finish(store *s) {
    (void)s;
    return STORE_OK;
}

/*
** The PostgreSQL side of gazette copy (store_copy.c): a table's rows out
** (in single-row mode, so that a table of any size streams through a
** row's memory), rows in with their ids, emptying, counting, and moving
** each identity column's numbering past the ids copied. The statements are
** made from the table list's constant names (store_table), never from
** input; values are parameters.
*/
#include "postgres_internal.h"
#include "../core/buf.h"
#include "../core/fatal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(STORE_TABLE_MAX * TABLE_STATEMENTS <= PG_COPY_SLOTS, "raise PG_COPY_SLOTS");


/* Prepares statement `which` of table number i: its slot, or -1 with the
** class in *rc. */
static int prepared(pg_conn *c, size_t i, store_table_statement which, int *rc) {
    const store_table *t = store_table_at(i);
    if (!t) {
        *rc = pg_fail(c, STORE_ERROR, "no table number %zu", i);
        return -1;
    }
    int slot = PG_COPY_FIRST + (int)i * TABLE_STATEMENTS + (int)which;
    if (!pg_usable(c)) {
        *rc = STORE_UNAVAILABLE;
        return -1;
    }
    arena *a = arena_new();
    *rc = pg_prepare(c, slot, store_table_sql(a, t, which, '$'), which == TABLE_INSERT ? (int)t->column_count : 0, t->name);
    arena_free(a);
    return *rc == STORE_OK ? slot : -1;
}

/* Reads row 0 of a single-row result into values (strings in a). */
static void read_row(arena *a, const store_table *t, const PGresult *r, store_value *row) {
    for (size_t i = 0; i < t->column_count; i++) {
        store_value *v = &row[i];
        memset(v, 0, sizeof *v);
        int col = (int)i;
        if (pg_is_null(r, 0, col)) {
            v->kind = VALUE_NULL;
        } else if (t->kinds[i] == VALUE_INT) {
            v->kind = VALUE_INT;
            v->number = pg_get_int(r, 0, col);
        } else if (t->kinds[i] == VALUE_BYTES) {
            v->kind = VALUE_BYTES;
            v->data = pg_get_bytes(a, r, 0, col, &v->len);
        } else {
            v->kind = VALUE_TEXT;
            v->data = PQgetvalue(r, 0, col);
            v->len = (size_t)PQgetlength(r, 0, col);
        }
    }
}

int postgres_table_rows(store *s, size_t table, store_row_fn fn, void *ctx) {
    pg_conn *c = postgres_conn(s);
    int rc;
    int slot = prepared(c, table, TABLE_SELECT, &rc);
    if (slot < 0) return rc;
    const store_table *t = store_table_at(table);
    store_value row[32];
    if (t->column_count > sizeof row / sizeof row[0]) fatal("table %s has too many columns", t->name);
    char name[16];
    snprintf(name, sizeof name, "g%d", slot);
    if (!PQsendQueryPrepared(c->db, name, 0, NULL, NULL, NULL, 0) || !PQsetSingleRowMode(c->db))
        return pg_fail(c, pg_result_class(c, NULL), "%s: %s", t->name, PQerrorMessage(c->db));
    rc = STORE_OK;
    bool more = true;
    PGresult *r;
    while ((r = PQgetResult(c->db)) != NULL) {
        ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_SINGLE_TUPLE && more) {
            arena *a = arena_new();
            read_row(a, t, r, row);
            more = fn(ctx, row, t->column_count);
            arena_free(a);
        } else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && rc == STORE_OK) {
            const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            rc = pg_fail(c, pg_result_class(c, r), "%s: %s", t->name, msg ? msg : PQerrorMessage(c->db));
        }
        PQclear(r); /* the rows after a stop are read and dropped: the connection must be idle again */
    }
    return rc;
}

int postgres_table_put(store *s, size_t table, const store_value *row, size_t columns) {
    pg_conn *c = postgres_conn(s);
    const store_table *t = store_table_at(table);
    if (!t || columns != t->column_count) return pg_fail(c, STORE_ERROR, "a row that does not fit table %zu", table);
    pg_params p = {0};
    for (size_t i = 0; i < columns; i++) {
        switch (row[i].kind) {
        case VALUE_NULL: pg_text(&p, NULL); break;
        case VALUE_INT: pg_int(&p, row[i].number); break;
        case VALUE_TEXT: pg_text(&p, row[i].data); break;
        case VALUE_BYTES: pg_bytes(&p, row[i].data, row[i].len); break;
        }
    }
    int rc;
    int slot = prepared(c, table, TABLE_INSERT, &rc);
    if (slot < 0) return rc;
    return pg_exec(c, slot, NULL, &p, NULL, t->name);
}

int postgres_table_clear(store *s, size_t table) {
    pg_conn *c = postgres_conn(s);
    int rc;
    int slot = prepared(c, table, TABLE_DELETE, &rc);
    if (slot < 0) return rc;
    return pg_exec(c, slot, NULL, NULL, NULL, store_table_at(table)->name);
}

int postgres_table_rows_count(store *s, size_t table, int64_t *count) {
    pg_conn *c = postgres_conn(s);
    int rc;
    *count = 0;
    int slot = prepared(c, table, TABLE_ROWS, &rc);
    if (slot < 0) return rc;
    PGresult *r = pg_query_one(c, slot, NULL, NULL, &rc, store_table_at(table)->name);
    if (!r) return rc;
    *count = pg_get_int(r, 0, 0);
    PQclear(r);
    return STORE_OK;
}

int postgres_copy_finish(store *s) {
    pg_conn *c = postgres_conn(s);
    for (size_t i = 0; i < store_table_count(); i++) {
        const store_table *t = store_table_at(i);
        if (!t->numbered) continue;
        /* The next id is one past the largest copied (or 1). */
        arena *a = arena_new();
        buf b;
        buf_init(&b, a);
        buf_printf(&b, "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(max(id), 0) + 1, false) FROM %s",
                   t->name, t->name);
        int rc = pg_exec_text(c, b.data, t->name);
        arena_free(a);
        if (rc != STORE_OK) return rc;
    }
    return STORE_OK;
}

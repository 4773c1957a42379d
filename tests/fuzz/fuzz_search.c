/*
** Fuzz target: search as readers type it (src/search/query.c) and the
** highlights and snippets made from stored text with the query's terms
** (src/search/snippet.c), over the tokenizer (src/search/tokenize.c).
**
** Input: the first byte picks the edition (en, ru, az) and the snippet's
** length; the rest is the query, a newline, then the text to mark. Checks:
** the cleaned query is valid UTF-8 without control characters and within
** its bound; the parsed query's FTS5 form always parses (it is run against
** an in-memory FTS5 table, bound as a parameter); highlights keep the
** text's bytes and pair their marks.
*/
#include "common.h"

#include "core/text.h"
#include "search/query.h"
#include "search/snippet.h"
#include "search/tokenize.h"
#include "store/sqlite_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const langs[] = {"en", "ru", "az"};
static search_tokenizer *tokenizers[3];
static sqlite3 *db;
static sqlite3_stmt *match;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    for (int i = 0; i < 3; i++) {
        tokenizers[i] = search_tokenizer_new(langs[i]);
        FUZZ_ASSERT(tokenizers[i] != NULL);
    }
    FUZZ_ASSERT(sqlite3_open(":memory:", &db) == SQLITE_OK);
    FUZZ_ASSERT(sqlite3_exec(db, "CREATE VIRTUAL TABLE doc USING fts5(body);"
                                 "INSERT INTO doc VALUES ('ferry timetable baku');", NULL, NULL, NULL) == SQLITE_OK);
    FUZZ_ASSERT(sqlite3_prepare_v2(db, "SELECT count(*) FROM doc WHERE doc MATCH ?1", -1, &match, NULL) == SQLITE_OK);
    return 0;
}

/* Checks that text with its marks removed is the original, and that the
** marks pair up (\x01 opens, \x02 closes, never nested). */
static void check_marked(const char *marked, const char *original) {
    size_t o = 0;
    bool open = false;
    for (const char *p = marked; *p; p++) {
        if (*p == '\x01') {
            FUZZ_ASSERT(!open);
            open = true;
        } else if (*p == '\x02') {
            FUZZ_ASSERT(open);
            open = false;
        } else {
            FUZZ_ASSERT(original[o] == *p);
            o++;
        }
    }
    FUZZ_ASSERT(!open);
    FUZZ_ASSERT(original[o] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int lang = data[0] % 3, words = 4 + (data[0] / 3) % 40;
    char *input = fuzz_cstr(data + 1, size - 1);
    char *newline = strchr(input, '\n');
    const char *text = "";
    if (newline) {
        *newline = '\0';
        text = newline + 1;
    }
    /* The stored text never has the mark bytes (it is plain text). */
    char *stored = fuzz_cstr((const uint8_t *)text, strlen(text));
    for (char *p = stored; *p; p++)
        if (*p == '\x01' || *p == '\x02') *p = ' ';
    arena *a = arena_new();
    search_tokenizer *t = tokenizers[lang];

    char *clean = search_query_clean(a, input);
    size_t clean_len = strlen(clean);
    FUZZ_ASSERT(clean_len <= SEARCH_QUERY_MAX_BYTES);
    FUZZ_ASSERT(utf8_valid(clean, clean_len));
    for (const char *p = clean; *p; p++) FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f);

    search_terms terms;
    search_query *query = search_query_build(a, t, input, &terms);
    char *expr = query ? sqlite_match_expression(a, query) : NULL;
    if (query) {
        FUZZ_ASSERT(query->count >= 1 && query->count <= SEARCH_QUERY_MAX_TERMS);
        for (size_t i = 0; i < query->count; i++) {
            FUZZ_ASSERT(query->clauses[i].count >= 1);
            for (size_t w = 0; w < query->clauses[i].count; w++) FUZZ_ASSERT(*query->clauses[i].words[w]);
        }
        FUZZ_ASSERT(terms.count >= 1);
        FUZZ_ASSERT(sqlite3_reset(match) == SQLITE_OK);
        FUZZ_ASSERT(sqlite3_bind_text(match, 1, expr, -1, SQLITE_STATIC) == SQLITE_OK);
        int rc = sqlite3_step(match);
        if (rc != SQLITE_ROW) {
            fprintf(stderr, "fuzz-search: FTS5 refused %s: %s\n", expr, sqlite3_errmsg(db));
            FUZZ_ASSERT(!"the MATCH expression parses");
        }
        FUZZ_ASSERT(sqlite3_reset(match) == SQLITE_OK);
        FUZZ_ASSERT(sqlite3_clear_bindings(match) == SQLITE_OK);
    } else {
        FUZZ_ASSERT(terms.count == 0);
    }
    char *marked = search_highlight(a, t, &terms, stored);
    FUZZ_ASSERT(marked != NULL);
    check_marked(marked, stored);
    bool matches = search_matches(a, t, &terms, stored);
    FUZZ_ASSERT(matches == (strchr(marked, '\x01') != NULL));
    char *snippet = search_snippet(a, t, &terms, stored, words);
    FUZZ_ASSERT(snippet != NULL);
    arena_free(a);
    free(stored);
    free(input);
    return 0;
}

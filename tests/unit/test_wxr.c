/* Reading WordPress exports (src/newsroom/wordpress/wxr.c) from the
** fixtures in tests/fixtures/wordpress/ (run from the project's root):
** the site, authors, terms and items of both namespace spellings; a
** DOCTYPE refused before anything is read; a feed that is not an export;
** a file that breaks off, read up to where it does. */
#include "check.h"

#include "newsroom/wordpress/wxr.h"

#include <stdio.h>
#include <string.h>

#define FIXTURES "tests/fixtures/wordpress/"

/* What the test's handler saw. */
typedef struct seen {
    char site_url[80], version[8];
    int sites, authors, terms, items;
    char authors_names[200];
    char item_ids[200];
    char post_title[120], post_creator[20], post_status[20], thumbnail[20];
    size_t post_terms;
    char post_content_start[40];
    int stop_after;
} seen;

static void on_site(void *ctx, const wxr_site *s) {
    seen *w = ctx;
    w->sites++;
    snprintf(w->site_url, sizeof w->site_url, "%s", s->base_site_url);
    snprintf(w->version, sizeof w->version, "%s", s->version);
}

static void on_author(void *ctx, const wxr_author *a) {
    seen *w = ctx;
    w->authors++;
    size_t n = strlen(w->authors_names);
    snprintf(w->authors_names + n, sizeof w->authors_names - n, "%s%s=%s", n ? "," : "", a->login, a->display_name);
}

static void on_term(void *ctx, const wxr_term *t) {
    seen *w = ctx;
    (void)t;
    w->terms++;
}

static bool on_item(void *ctx, arena *a, const wxr_item *it) {
    seen *w = ctx;
    (void)a;
    w->items++;
    size_t n = strlen(w->item_ids);
    snprintf(w->item_ids + n, sizeof w->item_ids - n, "%s%lld:%s:%s", n ? "," : "", (long long)it->id, it->type, it->status);
    if (it->id == 41) {
        snprintf(w->post_title, sizeof w->post_title, "%s", it->title);
        snprintf(w->post_creator, sizeof w->post_creator, "%s", it->creator);
        snprintf(w->post_status, sizeof w->post_status, "%s", it->status);
        const char *thumb = wxr_meta_value(it, "_thumbnail_id");
        snprintf(w->thumbnail, sizeof w->thumbnail, "%s", thumb ? thumb : "");
        w->post_terms = it->term_count;
        snprintf(w->post_content_start, sizeof w->post_content_start, "%.30s", it->content);
    }
    return !w->stop_after || w->items < w->stop_after;
}

static wxr_handler handler(seen *w) { return (wxr_handler){on_site, on_author, on_term, on_item, w}; }

TEST(wxr_reads_an_export_of_either_namespace) {
    const char *files[] = {FIXTURES "harbour-gazette.xml", FIXTURES "harbour-https-namespace.xml"};
    for (int f = 0; f < 2; f++) {
        seen w = {0};
        wxr_handler h = handler(&w);
        wxr_result r;
        CHECK(wxr_read(files[f], &h, &r));
        CHECK_INT(r.status, WXR_OK);
        CHECK_INT(w.sites, 1);
        CHECK_STR(w.site_url, "https://harbour.example.com");
        CHECK_STR(w.version, f ? "1.1" : "1.2");
        CHECK_INT(w.authors, 2);
        CHECK_STR(w.authors_names, "mara=Mara Quayside,tobias=Tobias Netmaker");
        CHECK_INT(w.terms, 5);
        CHECK_INT(w.items, 9);
        CHECK_INT(r.items, 9);
        CHECK_STR(w.item_ids, "40:attachment:inherit,41:post:publish,42:post:future,43:post:draft,44:post:publish,"
                              "45:page:publish,46:post:trash,47:post:pending,48:nav_menu_item:publish");
        CHECK_STR(w.post_title, "Council <em>approves</em> the harbour budget");
        CHECK_STR(w.post_creator, "mara");
        CHECK_STR(w.thumbnail, "40");
        CHECK_INT(w.post_terms, 3);
        CHECK_STR(w.post_content_start, "The council voted 7 to 2 on Mo");
    }
}

TEST(wxr_refuses_a_doctype_before_reading_anything) {
    seen w = {0};
    wxr_handler h = handler(&w);
    wxr_result r;
    CHECK(!wxr_read(FIXTURES "doctype-attack.xml", &h, &r));
    CHECK_INT(r.status, WXR_DOCTYPE);
    CHECK(strstr(r.message, "DOCTYPE") != NULL);
    CHECK_INT(w.items + w.sites + w.authors, 0);
}

TEST(wxr_refuses_a_doctype_after_comments_and_instructions) {
    const char *path = "/tmp/gazette-test-wxr-doctype.xml";
    const char *shapes[] = {"<?xml version=\"1.0\"?>\n<!-- c --><?pi x?>\n<!DOCTYPE rss [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><rss>&e;</rss>",
                            "\xEF\xBB\xBF<!DOCTYPE rss><rss/>"};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(path, "w");
        CHECK(f != NULL);
        if (!f) return;
        fputs(shapes[i], f);
        fclose(f);
        seen w = {0};
        wxr_handler h = handler(&w);
        wxr_result r;
        CHECK(!wxr_read(path, &h, &r));
        CHECK_INT(r.status, WXR_DOCTYPE);
    }
    remove(path);
}

TEST(wxr_refuses_what_is_not_an_export) {
    seen w = {0};
    wxr_handler h = handler(&w);
    wxr_result r;
    CHECK(!wxr_read(FIXTURES "not-wxr-feed.xml", &h, &r));
    CHECK_INT(r.status, WXR_NOT_WXR);
    CHECK(strstr(r.message, "not a WordPress export") != NULL);
    CHECK_INT(w.items, 0);
    CHECK(!wxr_read("tests/fixtures/wordpress/no-such-file.xml", &h, &r));
    CHECK_INT(r.status, WXR_UNREADABLE);
    CHECK(!wxr_read("Makefile", &h, &r));
    CHECK(r.status == WXR_BROKEN || r.status == WXR_NOT_WXR);
}

TEST(wxr_reads_a_broken_file_up_to_where_it_stops) {
    seen w = {0};
    wxr_handler h = handler(&w);
    wxr_result r;
    CHECK(!wxr_read(FIXTURES "truncated.xml", &h, &r));
    CHECK_INT(r.status, WXR_BROKEN);
    CHECK_INT(w.items, 2); /* the attachment and the first post */
    CHECK(r.line > 50);
    CHECK(strstr(r.message, "breaks off at line") != NULL);
}

TEST(wxr_stops_when_asked) {
    seen w = {.stop_after = 3};
    wxr_handler h = handler(&w);
    wxr_result r;
    CHECK(!wxr_read(FIXTURES "harbour-gazette.xml", &h, &r));
    CHECK_INT(r.status, WXR_STOPPED);
    CHECK_INT(w.items, 3);
}

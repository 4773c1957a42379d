/* Site configuration: loading and validation of every key. */
#include "check.h"

#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a new temporary file; its path goes into path. */
static bool write_temp(char *path, size_t size, const char *text) {
    snprintf(path, size, "/tmp/gazette-config-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return false;
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    return ok;
}

/* Loads text as a config file over the defaults. cfg must be freed. */
static bool load_text(config *cfg, const char *text, char *err, size_t errlen, char *path,
                      size_t pathlen) {
    config_defaults(cfg);
    err[0] = '\0';
    if (!write_temp(path, pathlen, text)) {
        snprintf(err, errlen, "cannot write a temporary file");
        return false;
    }
    bool ok = config_load(cfg, path, err, errlen);
    remove(path);
    return ok;
}

static const char full_ini[] =
    "; a comment\n"
    "[site]\n"
    "name = Caspian Herald\n"
    "base_url = https://herald.example.az/\n"
    "timezone = Asia/Baku\n"
    "languages = en, ru, az\n"
    "default_language = ru\n"
    "description = News from Baku\n"
    "attribution = Reprints need a link\n"
    "theme_dir = /srv/theme\n"
    "\n"
    "[social]\n"
    "twitter = https://twitter.com/herald\n"
    "youtube = https://www.youtube.com/@herald\n"
    "instagram = https://www.instagram.com/herald\n"
    "facebook = https://www.facebook.com/herald\n"
    "telegram = https://t.me/herald\n"
    "app_store = https://apps.apple.com/app/id1\n"
    "google_play = https://play.google.com/store/apps/details?id=az.herald\n"
    "\n"
    "[server]\n"
    "listen = 0.0.0.0:9090\n"
    "threads = 4\n"
    "max_connections = 500\n"
    "timeout_seconds = 60\n";

TEST(config_defaults_values) {
    config cfg;
    config_defaults(&cfg);
    CHECK_STR(cfg.site_name, "Gazette");
    CHECK_STR(cfg.timezone, "UTC");
    CHECK_INT(cfg.language_count, 1);
    CHECK_STR(cfg.languages[0], "en");
    CHECK_STR(cfg.default_language, "en");
    CHECK(config_has_language(&cfg, "en"));
    CHECK(!config_has_language(&cfg, "ru"));
    CHECK(cfg.base_url[strlen(cfg.base_url) - 1] != '/');
    config_free(&cfg);
}

TEST(config_full_file_loads) {
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, full_ini, err, sizeof err, path, sizeof path);
    CHECK(ok);
    if (!ok) fprintf(stderr, "# %s\n", err);
    CHECK_STR(cfg.site_name, "Caspian Herald");
    CHECK_STR(cfg.base_url, "https://herald.example.az");
    CHECK_STR(cfg.timezone, "Asia/Baku");
    CHECK_INT(cfg.language_count, 3);
    CHECK_STR(cfg.languages[0], "en");
    CHECK_STR(cfg.languages[1], "ru");
    CHECK_STR(cfg.languages[2], "az");
    CHECK_STR(cfg.default_language, "ru");
    CHECK(config_has_language(&cfg, "az"));
    CHECK_STR(cfg.description, "News from Baku");
    CHECK_STR(cfg.attribution, "Reprints need a link");
    CHECK_STR(cfg.theme_dir, "/srv/theme");
    CHECK_STR(cfg.social.twitter, "https://twitter.com/herald");
    CHECK_STR(cfg.social.youtube, "https://www.youtube.com/@herald");
    CHECK_STR(cfg.social.instagram, "https://www.instagram.com/herald");
    CHECK_STR(cfg.social.facebook, "https://www.facebook.com/herald");
    CHECK_STR(cfg.social.telegram, "https://t.me/herald");
    CHECK_STR(cfg.social.app_store, "https://apps.apple.com/app/id1");
    CHECK_STR(cfg.social.google_play, "https://play.google.com/store/apps/details?id=az.herald");
    CHECK_STR(cfg.listen, "0.0.0.0:9090");
    CHECK_INT(cfg.threads, 4);
    CHECK_INT(cfg.max_connections, 500);
    CHECK_INT(cfg.timeout_seconds, 60);
    config_free(&cfg);
}

TEST(config_base_url_slashes_stripped) {
    config cfg;
    char err[512], path[64];
    CHECK(load_text(&cfg, "[site]\nbase_url = http://example.com///\n", err, sizeof err, path,
                    sizeof path));
    CHECK_STR(cfg.base_url, "http://example.com");
    config_free(&cfg);
    CHECK(load_text(&cfg, "[site]\nbase_url = https://example.com/news/\n", err, sizeof err,
                    path, sizeof path));
    CHECK_STR(cfg.base_url, "https://example.com/news");
    config_free(&cfg);
}

TEST(config_partial_file_keeps_defaults) {
    config cfg;
    char err[512], path[64];
    CHECK(load_text(&cfg, "[site]\nname = Little Paper\n", err, sizeof err, path, sizeof path));
    CHECK_STR(cfg.site_name, "Little Paper");
    CHECK_STR(cfg.timezone, "UTC");
    CHECK_STR(cfg.default_language, "en");
    CHECK_INT(cfg.max_connections, 1024);
    config_free(&cfg);
}

/* Loads text, expects failure, and checks that err contains every part. */
static void expect_error(const char *text, const char *part1, const char *part2) {
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, text, err, sizeof err, path, sizeof path);
    CHECK(!ok);
    char detail[700];
    snprintf(detail, sizeof detail, "%s", err);
    check_report(strstr(err, part1) != NULL, __FILE__, __LINE__, part1, detail);
    if (part2) check_report(strstr(err, part2) != NULL, __FILE__, __LINE__, part2, detail);
    /* The message names the file. */
    check_report(strstr(err, path) != NULL, __FILE__, __LINE__, "message names the file",
                 detail);
    config_free(&cfg);
}

TEST(config_unknown_key) {
    expect_error("[site]\nname = X\ncolour = blue\n", "[site] colour", NULL);
    expect_error("[server]\nworkers = 3\n", "[server] workers", NULL);
    expect_error("[social]\nmyspace = https://myspace.com/x\n", "[social] myspace", NULL);
}

TEST(config_unknown_section) {
    expect_error("[site]\nname = X\n[database]\npath = x.db\n", "database", NULL);
    expect_error("name = outside any section\n", "unknown section", NULL);
}

TEST(config_bad_timezone) {
    expect_error("[site]\ntimezone = Mars/Olympus\n", "[site] timezone", NULL);
    expect_error("[site]\ntimezone = ../../etc/passwd\n", "[site] timezone", NULL);
}

TEST(config_bad_base_url) {
    expect_error("[site]\nbase_url = javascript:alert(1)\n", "[site] base_url", NULL);
    expect_error("[site]\nbase_url = example.com\n", "[site] base_url", NULL);
    expect_error("[site]\nbase_url = http://\n", "[site] base_url", NULL);
    expect_error("[site]\nbase_url = https:///path\n", "[site] base_url", NULL);
    expect_error("[site]\nbase_url = http://exa mple.com\n", "[site] base_url", NULL);
    expect_error("[site]\nbase_url = http://x.com/\"><script>\n", "[site] base_url", NULL);
    expect_error("[site]\nbase_url = ftp://example.com\n", "[site] base_url", NULL);
}

TEST(config_unsupported_language) {
    expect_error("[site]\nlanguages = en, xx\n", "[site] languages", "xx");
    expect_error("[site]\nlanguages = en, en\n", "[site] languages", NULL);
    expect_error("[site]\nlanguages = ,\n", "[site] languages", NULL);
    expect_error("[site]\ndefault_language = xx\n", "[site] default_language", NULL);
}

TEST(config_default_language_not_in_languages) {
    expect_error("[site]\nlanguages = en, ru\ndefault_language = az\n",
                 "[site] default_language", "az");
    /* The check sees the final languages, whatever the order of the keys. */
    expect_error("[site]\ndefault_language = ru\n", "default_language", "ru");
    config cfg;
    char err[512], path[64];
    CHECK(load_text(&cfg, "[site]\ndefault_language = az\nlanguages = az ru\n", err, sizeof err,
                    path, sizeof path));
    CHECK_STR(cfg.default_language, "az");
    CHECK_INT(cfg.language_count, 2);
    config_free(&cfg);
}

TEST(config_bad_social_url) {
    expect_error("[social]\ntwitter = javascript:alert(1)\n", "[social] twitter", NULL);
    expect_error("[social]\ntelegram = t.me/herald\n", "[social] telegram", NULL);
    expect_error("[social]\nfacebook = https://facebook.com/a'b\n", "[social] facebook", NULL);
    /* An empty value switches a link off. */
    config cfg;
    char err[512], path[64];
    CHECK(load_text(&cfg, "[social]\ntwitter =\n", err, sizeof err, path, sizeof path));
    CHECK(cfg.social.twitter == NULL || cfg.social.twitter[0] == '\0');
    config_free(&cfg);
}

TEST(config_bad_server_values) {
    expect_error("[server]\nthreads = many\n", "[server] threads", NULL);
    expect_error("[server]\nthreads = -1\n", "[server] threads", NULL);
    expect_error("[server]\nthreads = 257\n", "[server] threads", NULL);
    expect_error("[server]\nthreads = 4x\n", "[server] threads", NULL);
    expect_error("[server]\nmax_connections = 0\n", "[server] max_connections", NULL);
    expect_error("[server]\ntimeout_seconds = 3601\n", "[server] timeout_seconds", NULL);
    expect_error("[server]\nlisten = 8080\n", "[server] listen", NULL);
    config cfg;
    char err[512], path[64];
    CHECK(load_text(&cfg, "[server]\nthreads = 256\n", err, sizeof err, path, sizeof path));
    CHECK_INT(cfg.threads, 256);
    config_free(&cfg);
}

TEST(config_empty_name_rejected) {
    expect_error("[site]\nname =\n", "[site] name", NULL);
}

TEST(config_missing_file) {
    config cfg;
    config_defaults(&cfg);
    char err[512] = "";
    CHECK(!config_load(&cfg, "/tmp/gazette-no-such-config-file.ini", err, sizeof err));
    CHECK(strstr(err, "/tmp/gazette-no-such-config-file.ini") != NULL);
    config_free(&cfg);
}

TEST(config_language_support) {
    CHECK(config_language_supported("en"));
    CHECK(config_language_supported("ru"));
    CHECK(config_language_supported("az"));
    CHECK(!config_language_supported("xx"));
    CHECK(!config_language_supported("EN"));
    CHECK(!config_language_supported(""));
}

/* Long values must arrive whole. A meta description or an app-store URL can
** be longer than 200 bytes; the reader must neither cut such a value nor read
** its tail as another line. */
TEST(config_long_value_loaded_whole) {
    config cfg;
    char err[512], path[64];
    char description[400];
    size_t n = 0;
    while (n < 300) n += (size_t)snprintf(description + n, sizeof description - n, "word%zu ", n);
    description[n - 1] = '\0'; /* drop the last space */
    char text[600];
    snprintf(text, sizeof text, "[site]\ndescription = %s\n", description);
    bool ok = load_text(&cfg, text, err, sizeof err, path, sizeof path);
    CHECK(ok);
    if (!ok) fprintf(stderr, "# %s\n", err);
    CHECK_STR(cfg.description, description);
    config_free(&cfg);
}

TEST(config_long_value_tail_is_not_a_key) {
    /* 185 bytes of description, then text that looks like a key: the whole
    ** line is one description, and the site name stays as it was. */
    char value[256];
    memset(value, 'a', 185);
    strcpy(value + 185, "name = Evil");
    char text[400];
    snprintf(text, sizeof text, "[site]\ndescription = %s\n", value);
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, text, err, sizeof err, path, sizeof path);
    if (ok) {
        CHECK_STR(cfg.site_name, "Gazette");
        CHECK_STR(cfg.description, value);
    } else {
        /* Refusing the file is acceptable too, but then the message must
        ** name the key at fault. */
        CHECK(strstr(err, "description") != NULL);
    }
    config_free(&cfg);
}

TEST(config_key_given_twice_is_refused) {
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, "[site]\nname = One\nname = Two\n", err, sizeof err, path, sizeof path);
    CHECK(!ok);
    CHECK(strstr(err, "[site] name: given twice") != NULL);
    config_free(&cfg);
}

TEST(config_long_comment_line_is_ignored_whole) {
    /* A comment longer than inih's line buffer must not spill into the
    ** key before it. */
    char text[1200];
    char comment[700];
    memset(comment, 'c', sizeof comment - 1);
    comment[sizeof comment - 1] = '\0';
    snprintf(text, sizeof text, "[site]\nname = Herald\n; %s\ndescription = Short\n", comment);
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, text, err, sizeof err, path, sizeof path);
    CHECK(ok);
    CHECK_STR(cfg.site_name, "Herald");
    CHECK_STR(cfg.description, "Short");
    config_free(&cfg);
}

TEST(config_very_long_value_with_inline_comment) {
    /* 600 characters of words, then an inline comment: the value is whole
    ** and the comment is not part of it. */
    char value[700];
    size_t n = 0;
    while (n < 600) n += (size_t)snprintf(value + n, sizeof value - n, "w%zu ", n);
    value[n - 1] = '\0';
    char text[1000];
    snprintf(text, sizeof text, "[site]\nattribution = %s ; a comment\nname = After\n", value);
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, text, err, sizeof err, path, sizeof path);
    CHECK(ok);
    CHECK_STR(cfg.attribution, value);
    CHECK_STR(cfg.site_name, "After");
    config_free(&cfg);
}

TEST(config_bad_line_is_reported_by_its_physical_number) {
    char text[1000], value[500];
    memset(value, 'x', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    snprintf(text, sizeof text, "[site]\ndescription = %s\nthis line is wrong\n", value);
    config cfg;
    char err[512], path[64];
    bool ok = load_text(&cfg, text, err, sizeof err, path, sizeof path);
    CHECK(!ok);
    CHECK(strstr(err, "line 3:") != NULL);
    config_free(&cfg);
}

TEST(config_relative_paths_are_under_the_configuration_file) {
    config cfg;
    config_defaults(&cfg);
    /* The default media_dir ("media") and a relative theme_dir, under the
    ** file's folder (made absolute through realpath when it exists). */
    free(cfg.theme_dir);
    cfg.theme_dir = strdup("theme/ours");
    config_resolve_paths(&cfg, "/tmp/gazette.ini", "/srv/other/site.db");
    char *tmp = realpath("/tmp", NULL);
    char want[512];
    snprintf(want, sizeof want, "%s/media", tmp);
    CHECK_STR(cfg.media_dir, want);
    snprintf(want, sizeof want, "%s/theme/ours", tmp);
    CHECK_STR(cfg.theme_dir, want);
    free(tmp);
    config_free(&cfg);

    /* Without a file, under a SQLite database's folder; absolute paths
    ** stay; a PostgreSQL URL is no folder (the working one then). */
    config_defaults(&cfg);
    config_resolve_paths(&cfg, NULL, "/srv/herald/site.db");
    CHECK_STR(cfg.media_dir, "/srv/herald/media");
    config_free(&cfg);
    config_defaults(&cfg);
    free(cfg.media_dir);
    cfg.media_dir = strdup("/var/lib/gazette/media");
    config_resolve_paths(&cfg, "conf/site.ini", NULL);
    CHECK_STR(cfg.media_dir, "/var/lib/gazette/media");
    config_free(&cfg);
    config_defaults(&cfg);
    config_resolve_paths(&cfg, NULL, "postgresql://db.example/herald");
    char *cwd = realpath(".", NULL);
    snprintf(want, sizeof want, "%s/media", cwd);
    CHECK_STR(cfg.media_dir, want);
    CHECK(cfg.theme_dir == NULL);
    free(cwd);
    config_free(&cfg);
}

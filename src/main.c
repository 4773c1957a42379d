/*
** gazette: the command line. Parses the subcommand and its options, loads
** the configuration, and hands over to the modules:
**   init    creates or migrates the database (and loads the demo)
**   import  imports Markdown articles
**   serve   serves the site
*/
#include "app/app.h"
#include "core/config.h"
#include "core/text.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/version.h"
#include "http/http.h"
#include "newsroom/accounts.h"
#include "newsroom/backup.h"
#include "newsroom/demo.h"
#include "newsroom/generate.h"
#include "newsroom/import.h"
#include "newsroom/wordpress/import.h"

#include <sys/stat.h>
#include "newsroom/media.h"
#include "newsroom/scheduler.h"
#include "newsroom/reindex.h"
#include "render/i18n.h"
#include "site/breaking.h"
#include "site/live.h"
#include "site/footer.h"
#include "site/media_cache.h"
#include "site/most_read.h"
#include "site/page_cache.h"
#include "site/purger.h"
#include "site/settings.h"
#include "site/site.h"
#include "site/theme.h"
#include "site/views.h"
#include "store/store.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


static const char usage[] =
    "Gazette " GAZETTE_VERSION ": a news publishing engine.\n"
    "\n"
    "Usage:\n"
    "  gazette init   [--db DB] [--config FILE] [--demo]\n"
    "      Create the database, or bring an existing one to the current schema\n"
    "      (never losing data). --demo loads the demo newsroom.\n"
    "  gazette import [--db DB] [--config FILE] PATH...\n"
    "      Import Markdown articles with YAML front matter: files, or every .md\n"
    "      under a directory (its categories.yaml first). Re-importing updates\n"
    "      the article with the same edition and slug. A bad file is reported\n"
    "      on one line and the others still import; the exit status is 1 then.\n"
    "  gazette import-wordpress [--db DB] [--config FILE] [--lang LANG] [--media DIR]\n"
    "                 [--dry-run] [--overwrite] EXPORT.xml\n"
    "      Import a WordPress export (Tools > Export): posts in every state,\n"
    "      pages as static pages, categories, tags, authors, featured and body\n"
    "      images (found in DIR, a copy of wp-content/uploads), and 301s from\n"
    "      the old addresses. --lang: the edition (default: the site's; Polylang\n"
    "      or WPML may say otherwise). Importing again updates what it imported\n"
    "      and keeps what was edited here unless --overwrite; --dry-run reports\n"
    "      and writes nothing. The exit status is 1 when something failed.\n"
    "  gazette serve  [--db DB] [--config FILE] [--listen HOST:PORT]\n"
    "      Serve the site until SIGINT or SIGTERM.\n"
    "  gazette reindex [--db DB] [--config FILE]\n"
    "      Rebuild the search index from the articles (in one transaction).\n"
    "  gazette gen    [--db DB] [--config FILE] --count N [--langs en,ru]\n"
    "                 [--seed N] [--per-day N]\n"
    "      Add N synthetic articles for benchmarks, with words drawn from the\n"
    "      demo text at its own frequencies, N/per-day days back from now.\n"
    "  gazette user   add --email E --name N --role admin|editor|author\n"
    "                 | passwd E | list | disable E | unlock E\n"
    "                 [--db DB] [--config FILE]\n"
    "      People of the newsroom. A password is read from the first line of\n"
    "      standard input, or asked twice on a terminal.\n"
    "  gazette token  add --name N --role admin|editor|author | list | revoke N\n"
    "                 [--db DB] [--config FILE]\n"
    "      Admin API tokens; a new token is printed once.\n"
    "  gazette copy   --from DB --to DB [--replace] [--config FILE]\n"
    "      Copies a whole site between databases (SQLite and PostgreSQL, either\n"
    "      way): articles, revisions, people, sessions, tokens, audit log,\n"
    "      settings, views. The destination must be empty unless --replace.\n"
    "  gazette backup --to DIR [--db DB] [--config FILE]\n"
    "      A checked copy of the whole site and its images in a new folder,\n"
    "      taken while the site serves (a SQLite file, media/, MANIFEST).\n"
    "  gazette restore --from DIR --db DB [--replace] [--config FILE]\n"
    "      A backup back into a database (empty unless --replace), after\n"
    "      checking every file of it; images go where that site keeps them.\n"
    "  gazette --help | --version\n"
    "\n"
    "DB is a SQLite file's path or a PostgreSQL URL (postgresql://user:pass@host/db).\n"
    "Defaults: --db from the configuration's [database] url, else gazette.db;\n"
    "--config gazette.ini when that file exists,\n"
    "--listen from the configuration, else 127.0.0.1:8080.\n";

typedef struct options {
    const char *db;
    const char *config_path;
    const char *listen;
    bool demo;
    char **paths;
    int path_count;
    long long count, seed, per_day; /* gen */
    const char *langs;
    const char *from, *to; /* copy */
    bool replace;
    const char *lang, *media; /* import-wordpress */
    bool dry_run, overwrite;
} options;

/* What a subcommand accepts beyond --db and --config. */
enum { ALLOW_DEMO = 1, ALLOW_LISTEN = 2, ALLOW_PATHS = 4, ALLOW_GEN = 8, ALLOW_COPY = 16, ALLOW_WORDPRESS = 32 };

/* Reads a number option for gen. */
static bool number_option(const char *name, const char *value, long long min, long long max,
                          long long *out) {
    if (parse_int(value, min, max, out)) return true;
    fprintf(stderr, "gazette: --%s must be a number from %lld to %lld\n", name, min, max);
    return false;
}

/* Parses the options after the subcommand. Returns false on a bad option. */
static bool parse_options(int argc, char **argv, int allow, options *o) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"config", required_argument, NULL, 'c'},
        {"listen", required_argument, NULL, 'l'}, {"demo", no_argument, NULL, 'D'},
        {"count", required_argument, NULL, 'n'},  {"langs", required_argument, NULL, 'L'},
        {"seed", required_argument, NULL, 's'},   {"per-day", required_argument, NULL, 'p'},
        {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'T'},
        {"replace", no_argument, NULL, 'R'},      {"help", no_argument, NULL, 'h'},
        {"lang", required_argument, NULL, 'g'},   {"media", required_argument, NULL, 'm'},
        {"dry-run", no_argument, NULL, 'y'},      {"overwrite", no_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->langs = "en";
    o->seed = 1;
    o->per_day = 100;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        bool gen = allow & ALLOW_GEN;
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'c': o->config_path = optarg; break;
        case 'l':
            if (!(allow & ALLOW_LISTEN)) goto bad;
            o->listen = optarg;
            break;
        case 'D':
            if (!(allow & ALLOW_DEMO)) goto bad;
            o->demo = true;
            break;
        case 'n':
            if (!gen || !number_option("count", optarg, 1, 100000000, &o->count)) goto bad;
            break;
        case 'L':
            if (!gen) goto bad;
            o->langs = optarg;
            break;
        case 's':
            if (!gen || !number_option("seed", optarg, 0, INT64_MAX, &o->seed)) goto bad;
            break;
        case 'p':
            if (!gen || !number_option("per-day", optarg, 1, 1000000, &o->per_day)) goto bad;
            break;
        case 'F':
        case 'T':
        case 'R':
            if (!(allow & ALLOW_COPY)) goto bad;
            if (c == 'F') o->from = optarg;
            else if (c == 'T') o->to = optarg;
            else o->replace = true;
            break;
        case 'g':
        case 'm':
        case 'y':
        case 'o':
            if (!(allow & ALLOW_WORDPRESS)) goto bad;
            if (c == 'g') o->lang = optarg;
            else if (c == 'm') o->media = optarg;
            else if (c == 'y') o->dry_run = true;
            else o->overwrite = true;
            break;
        case 'h': fputs(usage, stdout); exit(0);
        default: goto bad;
        }
    }
    o->paths = argv + optind;
    o->path_count = argc - optind;
    if (o->path_count > 0 && !(allow & ALLOW_PATHS)) {
        fprintf(stderr, "gazette %s: unexpected argument '%s'\n", argv[0], o->paths[0]);
        return false;
    }
    return true;
bad:
    fprintf(stderr, "Run 'gazette --help' for the options of 'gazette %s'.\n", argv[0]);
    return false;
}

/* Loads the configuration (the default file only when it exists),
** installs the site timezone, and settles the database: --db, else the
** configuration's [database] url, else gazette.db. */
static bool load_config(options *o, config *cfg) {
    config_defaults(cfg);
    const char *path = o->config_path;
    if (!path && access("gazette.ini", F_OK) == 0) path = "gazette.ini";
    char err[512];
    if (path && !config_load(cfg, path, err, sizeof err)) {
        fprintf(stderr, "gazette: %s\n", err);
        config_free(cfg);
        return false;
    }
    timeutil_set_zone(cfg->timezone);
    log_set_json(cfg->log_json);
    if (!o->db) o->db = cfg->database_url ? cfg->database_url : "gazette.db";
    config_resolve_paths(cfg, path, o->db);
    return true;
}

/* Opens the database (migrating it; making it only when create, for
** init) and makes sure its search index is built and its related
** stories listed: a migration that creates either leaves it to be
** filled. */
static store *open_store(const char *db, bool create) {
    char err[512];
    store *s = create ? store_open(db, err, sizeof err) : store_open_existing(db, err, sizeof err);
    if (!s) {
        fprintf(stderr, "gazette: %s\n", err);
        return NULL;
    }
    if (store_search_stale(s)) {
        int64_t total = 0;
        bool ok = store_articles_total(s, &total) == STORE_OK &&
                  (total == 0 ? store_search_mark_fresh(s) == STORE_OK : reindex_run(s, stderr));
        if (!ok) {
            fprintf(stderr, "gazette: cannot build the search index: %s\n", store_error(s));
            store_close(s);
            return NULL;
        }
    }
    if (store_related_stale(s)) {
        int64_t made;
        if (store_related_rebuild(s, &made) != STORE_OK) {
            fprintf(stderr, "gazette: cannot make the related stories' lists: %s\n", store_error(s));
            store_close(s);
            return NULL;
        }
        if (made) fprintf(stderr, "gazette: related stories listed for %lld articles\n", (long long)made);
    }
    return s;
}

static void print_stats(const char *what, const import_stats *st) {
    printf("%s: %d created, %d updated, %d failed", what, st->created, st->updated, st->failed);
    if (st->categories) printf(", %d category file%s", st->categories, st->categories == 1 ? "" : "s");
    if (st->pages) printf(", %d static page%s", st->pages, st->pages == 1 ? "" : "s");
    printf("\n");
}

static int cmd_init(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_DEMO, &o) || !load_config(&o, &cfg)) return 2;
    store *s = open_store(o.db, true);
    int status = s ? 0 : 1;
    if (s) {
        char shown[512];
        store_url_redact(o.db, shown, sizeof shown);
        printf("%s: schema version %d\n", shown, store_schema_version(s));
        if (o.demo) {
            /* The demo's graphics are drawn with words in each edition's
            ** language and made into images with libvips. */
            char err[512], dir[1024];
            if (cfg.theme_dir) snprintf(dir, sizeof dir, "%s/locales", cfg.theme_dir);
            if (!i18n_load(cfg.theme_dir ? dir : NULL, err, sizeof err)) {
                fprintf(stderr, "gazette: translations: %s\n", err);
                status = 1;
            } else if (!media_start(argv[0])) {
                fprintf(stderr, "gazette: cannot start libvips for images\n");
                status = 1;
            } else {
                import_stats st = {0};
                demo_load(s, &cfg, stderr, &st);
                print_stats("demo", &st);
                if (st.failed) status = 1;
                media_stop();
            }
            i18n_free();
        }
        store_close(s);
    }
    config_free(&cfg);
    return status;
}

static int cmd_import_wordpress(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_PATHS | ALLOW_WORDPRESS, &o) || !load_config(&o, &cfg)) return 2;
    if (o.path_count != 1) {
        fprintf(stderr, "gazette import-wordpress: name one export file (EXPORT.xml)\n");
        config_free(&cfg);
        return 2;
    }
    struct stat st;
    if (o.media && (stat(o.media, &st) != 0 || !S_ISDIR(st.st_mode))) {
        fprintf(stderr, "gazette import-wordpress: --media %s is not a folder\n", o.media);
        config_free(&cfg);
        return 2;
    }
    int status = 1;
    store *s = open_store(o.db, false);
    /* Images are checked and made into variants by libvips, as uploads are. */
    if (s && o.media && !o.dry_run && !media_start(argv[0])) {
        fprintf(stderr, "gazette: cannot start libvips for images\n");
    } else if (s) {
        wp_import_options wo = {o.lang, o.media, o.dry_run, o.overwrite};
        wp_import_stats stats;
        status = wp_import(s, &cfg, o.paths[0], &wo, stdout, stderr, &stats) ? 0 : 1;
        if (o.media && !o.dry_run) media_stop();
    }
    if (s) store_close(s);
    config_free(&cfg);
    return status;
}

static int cmd_import(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_PATHS, &o) || !load_config(&o, &cfg)) return 2;
    if (o.path_count == 0) {
        fprintf(stderr, "gazette import: name at least one file or directory\n");
        config_free(&cfg);
        return 2;
    }
    store *s = open_store(o.db, false);
    int status = 1;
    if (s) {
        import_stats st = {0};
        import_paths(s, &cfg, o.paths, o.path_count, stderr, &st);
        print_stats("import", &st);
        status = st.failed ? 1 : 0;
        store_close(s);
    }
    config_free(&cfg);
    return status;
}

static int cmd_reindex(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, 0, &o) || !load_config(&o, &cfg)) return 2;
    char err[512];
    store *s = store_open_existing(o.db, err, sizeof err);
    int status = 1;
    if (!s) fprintf(stderr, "gazette: %s\n", err);
    else {
        status = reindex_run(s, stderr) ? 0 : 1;
        store_close(s);
    }
    config_free(&cfg);
    return status;
}

/* gazette copy's progress on a terminal: one line, rewritten. */
static void copy_progress(void *ctx, const char *table, int64_t done, int64_t total) {
    (void)ctx;
    fprintf(stderr, "\rcopying %-16s %lld of %lld   ", table, (long long)done, (long long)total);
    if (done == total) fputc('\n', stderr);
}

/* gazette copy --from SRC --to DST [--replace]: the whole site, either
** way between SQLite and PostgreSQL, then the copy's search index. */
static int cmd_copy(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_COPY, &o) || !load_config(&o, &cfg)) return 2;
    if (!o.from || !o.to) {
        fprintf(stderr, "gazette copy: say where from and where to: --from DB --to DB\n");
        config_free(&cfg);
        return 2;
    }
    int status = 1;
    char err[512];
    store *from = store_open_existing(o.from, err, sizeof err), *to = NULL;
    if (!from) fprintf(stderr, "gazette copy: %s\n", err);
    else if (!(to = store_open(o.to, err, sizeof err))) fprintf(stderr, "gazette copy: %s\n", err);
    bool terminal = isatty(STDERR_FILENO);
    if (from && to) {
        int rc = store_copy(from, to, o.replace, terminal ? copy_progress : NULL, NULL, err, sizeof err);
        int64_t files = 0;
        if (rc != STORE_OK) fprintf(stderr, "gazette copy: %s; the destination is unchanged\n", err);
        else if (media_move(from, to, &cfg, stderr, &files) && reindex_run(to, stderr)) status = 0;
        if (files) fprintf(stderr, "media: %lld image files moved\n", (long long)files);
    }
    if (status == 0) {
        char a[512], b[512];
        store_url_redact(o.from, a, sizeof a);
        store_url_redact(o.to, b, sizeof b);
        int64_t articles = 0, people = 0;
        for (size_t t = 0; t < store_table_count(); t++) {
            int64_t n = 0;
            store_table_rows_count(to, t, &n);
            if (strcmp(store_table_name(t), "articles") == 0) articles = n;
            if (strcmp(store_table_name(t), "users") == 0) people = n;
        }
        printf("copied %s to %s: %lld articles, %lld people; every table's rows counted alike\n", a, b,
               (long long)articles, (long long)people);
    }
    store_close(to);
    store_close(from);
    config_free(&cfg);
    return status;
}

/* gazette backup --db DB --to DIR: a checked copy of the site and its
** images, taken while it serves (newsroom/backup.h). */
static int cmd_backup(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_COPY, &o) || !load_config(&o, &cfg)) return 2;
    if (!o.to || o.from || o.replace) {
        fprintf(stderr, "gazette backup: say where the backup goes: --to DIR (a new or empty folder)\n");
        config_free(&cfg);
        return 2;
    }
    int status = 1;
    store *s = open_store(o.db, false);
    if (s) {
        status = backup_run(s, &cfg, o.to, isatty(STDERR_FILENO), stdout, stderr) ? 0 : 1;
        store_close(s);
    }
    config_free(&cfg);
    return status;
}

/* gazette restore --from DIR --db DB [--replace]: a backup back into a
** database (newsroom/backup.h). */
static int cmd_restore(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_COPY, &o)) return 2;
    if (!o.from || o.to || !o.db) {
        fprintf(stderr, "gazette restore: say which backup and into which database: --from DIR --db DB\n");
        return 2;
    }
    if (!load_config(&o, &cfg)) return 2;
    int status = restore_run(o.from, o.db, &cfg, o.replace, isatty(STDERR_FILENO), stdout, stderr) ? 0 : 1;
    config_free(&cfg);
    return status;
}

static int cmd_gen(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_GEN, &o) || !load_config(&o, &cfg)) return 2;
    if (o.count <= 0) {
        fprintf(stderr, "gazette gen: say how many articles with --count N\n");
        config_free(&cfg);
        return 2;
    }
    store *s = open_store(o.db, false);
    int status = 1;
    if (s) {
        generate_options g = {.count = o.count, .languages = o.langs, .seed = (uint64_t)o.seed,
                              .newest = (int64_t)time(NULL) - 60, .per_day = (int)o.per_day};
        status = generate_run(s, &cfg, &g, stderr) ? 0 : 1;
        store_close(s);
    }
    config_free(&cfg);
    return status;
}

typedef struct catalogue_check {
    const config *cfg;
    int missing;
} catalogue_check;

static void check_message(void *ctx, const char *msgid, const char *plural) {
    catalogue_check *c = ctx;
    for (size_t i = 0; i < c->cfg->language_count; i++) {
        if (i18n_has(c->cfg->languages[i], NULL, msgid, plural)) continue;
        log_error("translations: the %s catalogue lacks \"%s\" (shown in English)",
                  c->cfg->languages[i], msgid);
        c->missing++;
    }
}

/* Loads the interface catalogues (theme_dir/locales may override them) and
** reports, without stopping, any text of the theme they do not translate. */
static bool load_catalogues(const config *cfg, const theme *th, char *err, size_t errlen) {
    char dir[1024];
    if (cfg->theme_dir) snprintf(dir, sizeof dir, "%s/locales", cfg->theme_dir);
    if (!i18n_load(cfg->theme_dir ? dir : NULL, err, errlen)) return false;
    catalogue_check check = {cfg, 0};
    template_set_each_message(th->templates, check_message, &check);
    return true;
}

static int cmd_serve(int argc, char **argv) {
    options o;
    config cfg;
    if (!parse_options(argc, argv, ALLOW_LISTEN, &o) || !load_config(&o, &cfg)) return 2;

    /* Block the shutdown signals in every thread; main waits for them. */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[512];
    int status = 1;
    store *st = open_store(o.db, false);
    theme *th = st ? theme_load(cfg.theme_dir, err, sizeof err) : NULL;
    if (st && !th) fprintf(stderr, "gazette: theme: %s\n", err);
    if (th && !load_catalogues(&cfg, th, err, sizeof err)) {
        fprintf(stderr, "gazette: translations: %s\n", err);
        theme_free(th);
        th = NULL;
    }
    settings *site_settings = th ? settings_load(st) : NULL;
    if (th && !site_settings) {
        fprintf(stderr, "gazette: cannot read the site settings: %s\n", store_error(st));
        theme_free(th);
        th = NULL;
    }
    if (th && !media_start(argv[0])) {
        fprintf(stderr, "gazette: cannot start libvips for images\n");
        theme_free(th);
        th = NULL;
    }
    if (th) {
        site app = {.cfg = &cfg, .store = st, .theme = th, .views = views_start(st, 5000),
                    .settings = site_settings, .started_at = (int64_t)time(NULL),
                    .footer = footer_new(st), .breaking = breaking_new(st), .live = live_labels_new(st),
                    .most_read = most_read_new(st, cfg.languages, cfg.language_count, MOST_READ_REFRESH_SECONDS)};
        app.cache = page_cache_start((size_t)cfg.cache_mb * 1024 * 1024, st, cfg.languages, cfg.language_count,
                                     app.views);
        if (store_media_in_database(st))
            app.media = media_cache_new((size_t)cfg.media_cache_mb * 1024 * 1024);
        scheduler *publisher = scheduler_start(st, cfg.scheduler_seconds);
        purger *purges = purger_start(st, &cfg);
        http_options ho = {.listen = o.listen ? o.listen : cfg.listen,
                           .threads = cfg.threads,
                           .max_connections = cfg.max_connections,
                           .max_connections_per_address = cfg.max_connections_per_address,
                           .timeout_seconds = cfg.timeout_seconds,
                           .header_timeout_seconds = cfg.header_timeout_seconds,
                           .body_timeout_seconds = cfg.body_timeout_seconds,
                           .max_body_bytes = 1024 * 1024,
                           .max_body_memory = (size_t)cfg.body_memory_mb * 1024 * 1024,
                           .offload_threads = cfg.newsroom_threads,
                           .offload_queue = cfg.newsroom_queue,
                           .trusted_proxies = cfg.trusted_proxies,
                           .trusted_proxy_count = cfg.trusted_proxy_count,
                           .admit = app_admit,
                           .access_log = cfg.log_access,
                           .access_log_quiet = cfg.log_health,
                           .refused = app_refused};
        http_server *server = http_server_start(&ho, app_handle, &app, err, sizeof err);
        if (!server) {
            fprintf(stderr, "gazette: %s\n", err);
        } else {
            const char *colon = strrchr(ho.listen, ':');
            char shown[512];
            store_url_redact(o.db, shown, sizeof shown);
            printf("Gazette is serving %s at http://%.*s:%d/ (database %s)\n", cfg.site_name,
                   (int)(colon - ho.listen), ho.listen, http_server_port(server), shown);
            fflush(stdout);
            int sig = 0;
            sigwait(&signals, &sig);
            log_info("%s received: finishing requests and saving view counts", sig == SIGINT ? "SIGINT" : "SIGTERM");
            http_server_stop(server);
            status = 0;
        }
        scheduler_stop(publisher);
        purger_stop(purges);
        page_cache_stop(app.cache);
        media_cache_free(app.media);
        footer_free(app.footer);
        breaking_free(app.breaking);
        live_labels_free(app.live);
        most_read_free(app.most_read);
        views_stop(app.views);
        media_stop();
    }
    settings_free(site_settings);
    theme_free(th);
    i18n_free();
    store_close(st);
    config_free(&cfg);
    if (status == 0) log_info("stopped cleanly");
    return status;
}

/* "gazette user ..." and "gazette token ...": --db and --config (FILE or
** =FILE) may come anywhere; the configuration is read and checked as for
** every other subcommand. */
static int cmd_accounts(int argc, char **argv, bool tokens) {
    options o = {0};
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest) return 1;
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            free(rest);
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) o.db = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0) o.db = argv[i] + 5;
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) o.config_path = argv[++i];
        else if (strncmp(argv[i], "--config=", 9) == 0) o.config_path = argv[i] + 9;
        else rest[n++] = argv[i];
    }
    config cfg;
    if (!load_config(&o, &cfg)) {
        free(rest);
        return 2;
    }
    int status = 1;
    store *s = open_store(o.db, false);
    if (s) {
        status = tokens ? accounts_token(s, n, rest, stdout) : accounts_user(s, n, rest, stdout);
        store_close(s);
    }
    config_free(&cfg);
    free(rest);
    return status;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("gazette %s\n", GAZETTE_VERSION);
        return 0;
    }
    if (strcmp(cmd, "init") == 0) return cmd_init(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "import-wordpress") == 0) return cmd_import_wordpress(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0) return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "reindex") == 0) return cmd_reindex(argc - 1, argv + 1);
    if (strcmp(cmd, "gen") == 0) return cmd_gen(argc - 1, argv + 1);
    if (strcmp(cmd, "copy") == 0) return cmd_copy(argc - 1, argv + 1);
    if (strcmp(cmd, "backup") == 0) return cmd_backup(argc - 1, argv + 1);
    if (strcmp(cmd, "restore") == 0) return cmd_restore(argc - 1, argv + 1);
    if (strcmp(cmd, "user") == 0) return cmd_accounts(argc - 1, argv + 1, false);
    if (strcmp(cmd, "token") == 0) return cmd_accounts(argc - 1, argv + 1, true);
    fprintf(stderr, "gazette: unknown command '%s'\n\n%s", cmd, usage);
    return 2;
}

/* The demo site for the fuzz targets. See site_setup.h. */
#include "app/app.h"
#include "site_setup.h"
#include "common.h"

#include "core/config.h"
#include "core/timeutil.h"
#include "http/http.h"
#include "newsroom/demo.h"
#include "newsroom/media.h"
#include "render/i18n.h"
#include "site/settings.h"
#include "site/theme.h"
#include "site/views.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The demo's configuration (gazette.ini), with media in the scratch folder. */
static const char ini[] =
    "[site]\n"
    "name = Caspian Herald\n"
    "base_url = http://127.0.0.1:8080\n"
    "timezone = Asia/Baku\n"
    "languages = en, ru, az\n"
    "default_language = en\n"
    "description = News from Baku and the Caspian region.\n"
    "attribution = Reprints are allowed only with a hyperlink to Caspian Herald.\n"
    "[ru]\n"
    "name = Каспийский вестник\n"
    "[social]\n"
    "twitter = https://twitter.com/caspianherald\n"
    "[newsroom]\n"
    "max_upload_mb = 1\n";

static config cfg;
static site app;
static http_server *server;

/* Stops with a message when a step of the set-up fails. */
static void need(bool ok, const char *what) {
    if (ok) return;
    fprintf(stderr, "fuzz: the demo site: cannot %s\n", what);
    abort();
}

int fuzz_site_start(const char *argv0, site **out) {
    const char *dir = fuzz_scratch_dir();
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/gazette.ini", dir);
    need(fuzz_write_file(path, ini, sizeof ini - 1), "write the configuration");
    config_defaults(&cfg);
    need(config_load(&cfg, path, err, sizeof err), err);
    free(cfg.media_dir);
    snprintf(path, sizeof path, "%s/media", dir);
    cfg.media_dir = strdup(path);
    need(cfg.media_dir != NULL, "allocate");
    timeutil_set_zone(cfg.timezone);

    snprintf(path, sizeof path, "%s/site.db", dir);
    store *st = store_open(path, err, sizeof err);
    need(st != NULL, err);
    FILE *quiet = fopen("/dev/null", "w");
    need(quiet != NULL, "open /dev/null");
    import_stats stats = {0};
    demo_load(st, &cfg, quiet, &stats);
    (void)fclose(quiet);
    need(stats.failed == 0 && stats.created > 0, "load the demo newsroom");

    theme *th = theme_load(NULL, err, sizeof err);
    need(th != NULL, err);
    need(i18n_load(NULL, err, sizeof err), err);
    settings *site_settings = settings_load(st);
    need(site_settings != NULL, "read the site settings");
    need(media_start(argv0), "start libvips");
    app = (site){.cfg = &cfg, .store = st, .theme = th, .views = views_start(st, 5000),
                 .settings = site_settings, .started_at = (int64_t)time(NULL), .cache = NULL};
    /* The program's own dispatch, as `gazette serve` has it (with the
    ** newsroom on its own threads). */
    http_options opt = {.listen = "127.0.0.1:0", .threads = 2, .max_connections = 16,
                        .timeout_seconds = 5, .header_timeout_seconds = 5, .body_timeout_seconds = 5,
                        .max_body_bytes = 1024 * 1024, .max_body_memory = (size_t)64 * 1024 * 1024,
                        .offload_threads = 2, .offload_queue = 16,
                        .admit = app_admit, .refused = app_refused};
    server = http_server_start(&opt, app_handle, &app, err, sizeof err);
    need(server != NULL, err);
    if (out) *out = &app;
    return http_server_port(server);
}


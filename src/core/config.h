/*
** Site configuration, read from an INI file with inih. Every key is known
** and checked: an unknown key or a bad value is an error that names the file,
** the section and the key, never a silent default.
**
** The config is built once at start-up, owned by main(), read-only afterwards
** (threads share it without locks) and released with config_free().
*/
#ifndef GAZETTE_CONFIG_H
#define GAZETTE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_LANGUAGES 8
#define CONFIG_MAX_PROXIES 32

#include "netaddr.h"

typedef struct social_links {
    char *twitter, *youtube, *instagram, *facebook, *telegram;
    char *app_store, *google_play;
} social_links;

/* What an edition may say in its own language ([en], [ru], [az] sections);
** NULL: the [site] value. */
typedef struct edition_texts {
    char *name, *description, *attribution;
} edition_texts;

/* The most related stories [site] related_stories may ask for (the
** store's STORE_RELATED_MAX). */
#define CONFIG_MAX_RELATED 8

/* The most caches [cache] purge_url may name. */
#define CONFIG_MAX_PURGE_URLS 8

typedef struct config {
    /* [site] */
    char *site_name;
    char *base_url; /* no trailing slash */
    char *timezone;
    char *languages[CONFIG_MAX_LANGUAGES];
    size_t language_count;
    char *default_language;
    char *attribution;
    char *description; /* meta description of the home page */
    char *theme_dir;   /* optional folder overriding the built-in theme */
    int related_stories; /* related stories under an article and in its API answer; 0: none */
    /* [en], [ru], [az]: per edition, in the order of supported languages */
    edition_texts editions[3];
    /* [social] */
    social_links social;
    /* [database] */
    char *database_url;       /* url: a SQLite path or a PostgreSQL URL; NULL: --db or gazette.db */
    /* [newsroom] */
    char *media_dir;          /* uploaded images and their variants */
    int max_upload_mb;        /* largest image accepted */
    int session_idle_minutes; /* a session ends after this long unused */
    int scheduler_seconds;    /* how often scheduled articles are looked for */
    int lockout_failures;     /* failed logins for one account from one address that lock them out */
    int lockout_address_failures; /* failed logins from one address (any accounts) that lock it out */
    int lockout_minutes;      /* how long failures count */
    int lockout_slow_seconds; /* an account guessed at from everywhere takes one attempt in this many seconds */
    /* What rendering one article's Markdown may cost (see render/markdown.h). */
    int markdown_max_table_columns, markdown_max_table_cells, markdown_max_nesting;
    int markdown_max_output_ratio; /* HTML at most this many times the Markdown (beyond 64 KB) */
    int markdown_max_marks;        /* pieces of markup (emphasis, links, code, line breaks) in one body */
    int markdown_max_links;        /* inline links and images in one body */
    /* [server] */
    char *listen;
    int threads;         /* 0: one per core */
    int max_connections; /* concurrent connections accepted */
    int timeout_seconds; /* idle connection timeout */
    int cache_mb;        /* memory for rendered pages; 0: no page cache */
    int media_cache_mb;  /* memory for images read from the database (PostgreSQL sites); 0: none */
    int header_timeout_seconds;   /* a request's headers must arrive within this */
    int body_timeout_seconds;     /* a request's body must arrive within this */
    int max_connections_per_address; /* 0: no limit (trusted proxies are never limited) */
    int newsroom_threads;         /* workers for the newsroom and the Admin API */
    int newsroom_queue;           /* newsroom requests that may wait for a worker */
    int body_memory_mb;           /* request bodies all connections may hold in memory at once */
    int anonymous_body_kb;        /* the largest body taken before the caller is known */
    netrange trusted_proxies[CONFIG_MAX_PROXIES]; /* peers whose X-Forwarded-For / Forwarded count */
    int trusted_proxy_count;
    /* [log] */
    bool log_json;       /* format = json: one JSON object a line; else text */
    bool log_access;     /* access = on: a line for every answer */
    bool log_health;     /* health = on: access lines for /healthz and /readyz too */
    /* [cache] */
    char *purge_urls[CONFIG_MAX_PURGE_URLS]; /* caches in front to purge by tag */
    int purge_url_count;
    /* [metrics] */
    netrange metrics_allow[CONFIG_MAX_PROXIES]; /* who may read /metrics (the client, after trusted proxies) */
    int metrics_allow_count;
} config;

/* Fills cfg with the built-in defaults (used when no file is given). */
void config_defaults(config *cfg);

/* Reads path over the defaults. On error returns false and writes a
** one-line message naming the file, section and key into err. */
bool config_load(config *cfg, const char *path, char *err, size_t errlen);

/* Makes media_dir and theme_dir absolute: a relative one is under the
** folder of the configuration file (config_path), or, without one, of a
** SQLite database's file, or else the working directory. */
void config_resolve_paths(config *cfg, const char *config_path, const char *database);

/* True when lang is one of the configured editions. */
bool config_has_language(const config *cfg, const char *lang);

/* The site's name, description and attribution as an edition gives them. */
const char *config_site_name(const config *cfg, const char *lang);
const char *config_description(const config *cfg, const char *lang);
const char *config_attribution(const config *cfg, const char *lang);

/* Languages that Gazette can present (dates, plurals, interface strings). */
bool config_language_supported(const char *lang);

void config_free(config *cfg);

#endif

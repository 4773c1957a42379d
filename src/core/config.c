/*
** Configuration: defaults, the INI reader callback and validation of each
** value as it is read, so the message can name the exact key at fault.
*/
#include "config.h"
#include "buf.h"
#include "fatal.h"
#include "text.h"
#include "timeutil.h"

#include <errno.h>
#include <stddef.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replaces *slot with a copy of value. */
static void set_string(char **slot, const char *value) {
    free(*slot);
    *slot = xstrdup(value);
}

void config_defaults(config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    set_string(&cfg->site_name, "Gazette");
    set_string(&cfg->base_url, "http://127.0.0.1:8080");
    set_string(&cfg->timezone, "UTC");
    cfg->languages[0] = xstrdup("en");
    cfg->language_count = 1;
    set_string(&cfg->default_language, "en");
    set_string(&cfg->attribution, "");
    set_string(&cfg->description, "");
    set_string(&cfg->media_dir, "media");
    cfg->max_upload_mb = 20;
    cfg->session_idle_minutes = 120;
    cfg->lockout_failures = 5;
    cfg->lockout_address_failures = 20;
    cfg->lockout_minutes = 15;
    cfg->lockout_slow_seconds = 5;
    cfg->markdown_max_table_columns = 64;
    cfg->markdown_max_table_cells = 20000;
    cfg->markdown_max_nesting = 32;
    cfg->markdown_max_output_ratio = 20;
    cfg->markdown_max_marks = 100000;
    cfg->markdown_max_links = 2000;
    set_string(&cfg->listen, "127.0.0.1:8080");
    cfg->threads = 0;
    cfg->max_connections = 1024;
    cfg->cache_mb = 64;
    cfg->related_stories = 4;
    cfg->media_cache_mb = 128;
    cfg->scheduler_seconds = 20;
    cfg->timeout_seconds = 30;
    cfg->header_timeout_seconds = 10;
    cfg->body_timeout_seconds = 300;
    cfg->max_connections_per_address = 128;
    cfg->newsroom_threads = 2;
    cfg->newsroom_queue = 64;
    cfg->body_memory_mb = 256;
    cfg->anonymous_body_kb = 16;
    char bad[8];
    cfg->metrics_allow_count = netrange_parse_list("127.0.0.1, ::1", cfg->metrics_allow, CONFIG_MAX_PROXIES, bad,
                                                   sizeof bad);
}

static const char *const supported[3] = {"en", "ru", "az"};

/* The index of a supported language, or -1. */
static int language_index(const char *lang) {
    for (int i = 0; i < 3; i++)
        if (strcmp(lang, supported[i]) == 0) return i;
    return -1;
}

bool config_language_supported(const char *lang) { return language_index(lang) >= 0; }

/* An edition's own value, else the site's. */
static const char *edition_value(const config *cfg, const char *lang, size_t field,
                                 const char *site_value) {
    int i = language_index(lang);
    if (i < 0) return site_value;
    const char *v = *(char *const *)((const char *)&cfg->editions[i] + field);
    return v ? v : site_value;
}

const char *config_site_name(const config *cfg, const char *lang) {
    return edition_value(cfg, lang, offsetof(edition_texts, name), cfg->site_name);
}

const char *config_description(const config *cfg, const char *lang) {
    return edition_value(cfg, lang, offsetof(edition_texts, description), cfg->description);
}

const char *config_attribution(const config *cfg, const char *lang) {
    return edition_value(cfg, lang, offsetof(edition_texts, attribution), cfg->attribution);
}

bool config_has_language(const config *cfg, const char *lang) {
    for (size_t i = 0; i < cfg->language_count; i++)
        if (strcmp(cfg->languages[i], lang) == 0) return true;
    return false;
}

/* Feeds inih one physical line at a time. inih as Debian builds it holds
** a line in a 200-byte buffer and would cut a longer one, reading the rest
** as a line of its own; so a long line is handed over in pieces, each
** after the first marked as a continuation (leading space) and split
** between two non-blank characters, and the pieces are joined again in
** on_key(). Nothing of a value is lost or misread. */
typedef struct line_reader {
    FILE *file;
    char *line;          /* the current physical line, without its newline */
    size_t cap, len, pos; /* pos: how much of it has been handed over */
    int physical;        /* its number */
    bool continuation;   /* the piece just handed over continues a line */
    bool comment;        /* the current line is a comment: so is every piece */
    int *chunk_lines;    /* physical line of each piece, for messages */
    size_t chunks, chunk_cap;
} line_reader;

/* Where a piece of at most room bytes of s (len bytes) may end: between two
** non-blank characters, the second not one that would start a comment. */
static size_t split_point(const char *s, size_t len, size_t room) {
    if (len <= room) return len;
    for (size_t p = room; p > room / 2; p--)
        if (s[p - 1] != ' ' && s[p - 1] != '\t' && s[p] != ' ' && s[p] != '\t' && s[p] != ';' &&
            s[p] != '#')
            return p;
    return room; /* no good place: a value with long runs of blanks */
}

/* Cuts an inline comment (";" after a blank, as inih has it) and the
** blanks before it; returns the new length. Done here because inih does
** not look for comments in the continuation of a line. */
static size_t strip_inline_comment(char *line, size_t len) {
    for (size_t i = 1; i < len; i++) {
        if (line[i] == ';' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
            len = i;
            break;
        }
    }
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
    line[len] = '\0';
    return len;
}

/* The inih reader: like fgets, but never cuts a line. */
static char *read_piece(char *str, int num, void *stream) {
    line_reader *r = stream;
    if (r->pos >= r->len) {
        ssize_t n = getline(&r->line, &r->cap, r->file);
        if (n < 0) return NULL;
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r')) n--;
        r->len = (size_t)n;
        r->pos = 0;
        r->physical++;
        r->continuation = false;
        size_t first = strspn(r->line, " \t");
        r->comment = first < r->len && (r->line[first] == ';' || r->line[first] == '#');
        if (!r->comment) r->len = strip_inline_comment(r->line, r->len);
    } else {
        r->continuation = true;
    }
    size_t lead = r->continuation ? 1 : 0;
    size_t room = (size_t)num - 2 - lead; /* newline and NUL */
    size_t take = split_point(r->line + r->pos, r->len - r->pos, room);
    if (lead) str[0] = r->comment ? ';' : ' ';
    memcpy(str + lead, r->line + r->pos, take);
    str[lead + take] = '\n';
    str[lead + take + 1] = '\0';
    r->pos += take;
    if (r->len == 0) r->pos = 1; /* an empty line is handed over once */
    if (r->chunks == r->chunk_cap) {
        r->chunk_cap = r->chunk_cap ? r->chunk_cap * 2 : 64;
        r->chunk_lines = xrealloc(r->chunk_lines, r->chunk_cap * sizeof *r->chunk_lines);
    }
    r->chunk_lines[r->chunks++] = r->physical;
    return str;
}

/* State shared with the inih callback. A key's value is checked once it is
** complete, that is when the next key (or the end of the file) comes. */
typedef struct load_state {
    config *cfg;
    char *err;
    size_t errlen;
    const char *path;
    bool failed;
    line_reader *reader;
    char *section, *key; /* the key being read */
    buf value;
    char **seen;         /* "section.key" of every key so far */
    size_t seen_count;
} load_state;

static int fail(load_state *st, const char *section, const char *key, const char *why) {
    snprintf(st->err, st->errlen, "%s: [%s] %s: %s", st->path, section, key, why);
    st->failed = true;
    return 0; /* stops inih */
}

/* True for an absolute http(s) URL without spaces or quotes. */
static bool is_web_url(const char *v) {
    if (!starts_with(v, "https://") && !starts_with(v, "http://")) return false;
    const char *host = strstr(v, "://") + 3;
    if (!*host || *host == '/') return false;
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\'' || *p == '<' || *p == '>' ||
            *p == '\\')
            return false;
    return true;
}

/* Parses "en, ru" into the languages array. */
static bool set_languages(config *cfg, const char *value, char *why, size_t whylen) {
    for (size_t i = 0; i < cfg->language_count; i++) free(cfg->languages[i]);
    cfg->language_count = 0;
    char *copy = xstrdup(value);
    char *save = NULL;
    bool ok = true;
    for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
        if (!config_language_supported(tok)) {
            snprintf(why, whylen, "'%s' is not a supported language (en, ru, az)", tok);
            ok = false;
            break;
        }
        if (config_has_language(cfg, tok)) {
            snprintf(why, whylen, "'%s' is listed twice", tok);
            ok = false;
            break;
        }
        if (cfg->language_count == CONFIG_MAX_LANGUAGES) {
            snprintf(why, whylen, "at most %d languages", CONFIG_MAX_LANGUAGES);
            ok = false;
            break;
        }
        cfg->languages[cfg->language_count++] = xstrdup(tok);
    }
    free(copy);
    if (ok && cfg->language_count == 0) {
        snprintf(why, whylen, "must list at least one language");
        ok = false;
    }
    return ok;
}

static int site_key(load_state *st, const char *key, const char *value) {
    config *cfg = st->cfg;
    char why[160];
    if (strcmp(key, "name") == 0) {
        if (!*value) return fail(st, "site", key, "must not be empty");
        set_string(&cfg->site_name, value);
    } else if (strcmp(key, "base_url") == 0) {
        if (!is_web_url(value))
            return fail(st, "site", key, "must be an absolute http:// or https:// URL");
        set_string(&cfg->base_url, value);
        size_t n = strlen(cfg->base_url);
        while (n > 0 && cfg->base_url[n - 1] == '/') cfg->base_url[--n] = '\0';
    } else if (strcmp(key, "timezone") == 0) {
        if (!timeutil_zone_exists(value))
            return fail(st, "site", key, "is not a known IANA timezone (e.g. Asia/Baku, UTC)");
        set_string(&cfg->timezone, value);
    } else if (strcmp(key, "languages") == 0) {
        if (!set_languages(cfg, value, why, sizeof why)) return fail(st, "site", key, why);
    } else if (strcmp(key, "default_language") == 0) {
        if (!config_language_supported(value))
            return fail(st, "site", key, "is not a supported language (en, ru, az)");
        set_string(&cfg->default_language, value);
    } else if (strcmp(key, "attribution") == 0) {
        set_string(&cfg->attribution, value);
    } else if (strcmp(key, "description") == 0) {
        set_string(&cfg->description, value);
    } else if (strcmp(key, "theme_dir") == 0) {
        set_string(&cfg->theme_dir, value);
    } else if (strcmp(key, "related_stories") == 0) {
        long long n;
        if (!parse_int(value, 0, CONFIG_MAX_RELATED, &n))
            return fail(st, "site", key, "must be a number of stories from 0 (none) to 8");
        cfg->related_stories = (int)n;
    } else {
        return fail(st, "site", key, "unknown key");
    }
    return 1;
}

static int social_key(load_state *st, const char *key, const char *value) {
    social_links *s = &st->cfg->social;
    struct { const char *name; char **slot; } keys[] = {
        {"twitter", &s->twitter},     {"youtube", &s->youtube},
        {"instagram", &s->instagram}, {"facebook", &s->facebook},
        {"telegram", &s->telegram},   {"app_store", &s->app_store},
        {"google_play", &s->google_play},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(key, keys[i].name) != 0) continue;
        if (*value && !is_web_url(value))
            return fail(st, "social", key, "must be an absolute http:// or https:// URL");
        set_string(keys[i].slot, value);
        return 1;
    }
    return fail(st, "social", key, "unknown key");
}

/* A whole-number key: where it goes, its bounds and what it counts. */
typedef struct number_spec {
    const char *key;
    size_t offset; /* of the int in config */
    int min, max;
    const char *unit;
} number_spec;

#define NUMBER(name, lo, hi, unit) {#name, offsetof(config, name), lo, hi, unit}

static const number_spec server_numbers[] = {
    NUMBER(timeout_seconds, 1, 3600, "seconds"),
    NUMBER(header_timeout_seconds, 1, 3600, "seconds"),
    NUMBER(body_timeout_seconds, 1, 86400, "seconds"),
    NUMBER(max_connections_per_address, 0, 100000, "connections (0: no limit)"),
    NUMBER(newsroom_threads, 1, 64, "threads"),
    NUMBER(newsroom_queue, 1, 100000, "requests"),
    NUMBER(body_memory_mb, 1, 1048576, "megabytes"),
    NUMBER(anonymous_body_kb, 1, 1024, "kilobytes"),
    NUMBER(media_cache_mb, 0, 65536, "megabytes (0: no cache)"),
};

static const number_spec newsroom_numbers[] = {
    NUMBER(scheduler_seconds, 1, 3600, "seconds"),
    NUMBER(lockout_failures, 1, 1000, "failed logins"),
    NUMBER(lockout_address_failures, 1, 100000, "failed logins"),
    NUMBER(lockout_minutes, 1, 1440, "minutes"),
    NUMBER(lockout_slow_seconds, 0, 3600, "seconds"),
    NUMBER(markdown_max_table_columns, 1, 1000, "columns"),
    NUMBER(markdown_max_table_cells, 1, 10000000, "cells"),
    NUMBER(markdown_max_nesting, 1, 1000, "levels"),
    NUMBER(markdown_max_output_ratio, 1, 1000, "times the Markdown"),
    NUMBER(markdown_max_marks, 1, 10000000, "pieces of markup"),
    NUMBER(markdown_max_links, 1, 1000000, "links and images"),
};

/* Stores a key of specs, checked against its bounds; an unknown key is an error. */
static int number_key(load_state *st, const char *section, const char *key, const char *value,
                      const number_spec *specs, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (strcmp(key, specs[i].key) != 0) continue;
        long long n;
        if (!parse_int(value, specs[i].min, specs[i].max, &n)) {
            char why[160];
            snprintf(why, sizeof why, "must be a number of %s from %d to %d", specs[i].unit, specs[i].min,
                     specs[i].max);
            return fail(st, section, key, why);
        }
        *(int *)((char *)st->cfg + specs[i].offset) = (int)n;
        return 1;
    }
    return fail(st, section, key, "unknown key");
}

static int server_key(load_state *st, const char *key, const char *value) {
    config *cfg = st->cfg;
    long long n;
    if (strcmp(key, "listen") == 0) {
        if (!strchr(value, ':')) return fail(st, "server", key, "must be HOST:PORT");
        set_string(&cfg->listen, value);
    } else if (strcmp(key, "threads") == 0) {
        if (!parse_int(value, 0, 256, &n))
            return fail(st, "server", key, "must be a number from 0 (one per core) to 256");
        cfg->threads = (int)n;
    } else if (strcmp(key, "max_connections") == 0) {
        if (!parse_int(value, 1, 100000, &n))
            return fail(st, "server", key, "must be a number from 1 to 100000");
        cfg->max_connections = (int)n;
    } else if (strcmp(key, "cache_mb") == 0) {
        if (!parse_int(value, 0, 65536, &n))
            return fail(st, "server", key, "must be a number of megabytes from 0 (no cache) to 65536");
        cfg->cache_mb = (int)n;
    } else if (strcmp(key, "trusted_proxies") == 0) {
        char bad[64];
        int count = netrange_parse_list(value, cfg->trusted_proxies, CONFIG_MAX_PROXIES, bad, sizeof bad);
        if (count < 0) {
            char why[160];
            snprintf(why, sizeof why, "'%s' is not an address or CIDR range (at most %d entries)", bad,
                     CONFIG_MAX_PROXIES);
            return fail(st, "server", key, why);
        }
        cfg->trusted_proxy_count = count;
    } else {
        return number_key(st, "server", key, value, server_numbers, sizeof server_numbers / sizeof server_numbers[0]);
    }
    return 1;
}

static int newsroom_key(load_state *st, const char *key, const char *value) {
    config *cfg = st->cfg;
    long long n;
    if (strcmp(key, "media_dir") == 0) {
        if (!*value) return fail(st, "newsroom", key, "must name a folder");
        set_string(&cfg->media_dir, value);
    } else if (strcmp(key, "max_upload_mb") == 0) {
        if (!parse_int(value, 1, 500, &n))
            return fail(st, "newsroom", key, "must be a number of megabytes from 1 to 500");
        cfg->max_upload_mb = (int)n;
    } else if (strcmp(key, "session_idle_minutes") == 0) {
        if (!parse_int(value, 5, 60 * 24 * 30, &n))
            return fail(st, "newsroom", key, "must be a number of minutes from 5 to 43200");
        cfg->session_idle_minutes = (int)n;
    } else {
        return number_key(st, "newsroom", key, value, newsroom_numbers,
                          sizeof newsroom_numbers / sizeof newsroom_numbers[0]);
    }
    return 1;
}

/* A key of an edition's section: [en], [ru] or [az]. */
static int edition_key(load_state *st, int lang, const char *section, const char *key,
                       const char *value) {
    edition_texts *e = &st->cfg->editions[lang];
    char **slot = strcmp(key, "name") == 0          ? &e->name
                  : strcmp(key, "description") == 0 ? &e->description
                  : strcmp(key, "attribution") == 0 ? &e->attribution
                                                    : NULL;
    if (!slot) return fail(st, section, key, "unknown key (an edition has name, description, attribution)");
    if (slot == &e->name && !*value) return fail(st, section, key, "must not be empty");
    set_string(slot, value);
    return 1;
}

/* A switch's value: on or off. */
static int switch_key(load_state *st, const char *section, const char *key, const char *value, bool *out) {
    if (strcmp(value, "on") == 0) *out = true;
    else if (strcmp(value, "off") == 0) *out = false;
    else return fail(st, section, key, "must be on or off");
    return 1;
}

/* [log]: what goes to standard error, and how. */
static int log_key(load_state *st, const char *key, const char *value) {
    config *cfg = st->cfg;
    if (strcmp(key, "format") == 0) {
        if (strcmp(value, "json") == 0) cfg->log_json = true;
        else if (strcmp(value, "text") == 0) cfg->log_json = false;
        else return fail(st, "log", key, "must be text or json");
        return 1;
    }
    if (strcmp(key, "access") == 0) return switch_key(st, "log", key, value, &cfg->log_access);
    if (strcmp(key, "health") == 0) return switch_key(st, "log", key, value, &cfg->log_health);
    return fail(st, "log", key, "unknown key (the section has format, access, health)");
}

/* [cache]: the caches in front that changes purge. */
static int cache_key(load_state *st, const char *key, const char *value) {
    config *cfg = st->cfg;
    if (strcmp(key, "purge_url") != 0) return fail(st, "cache", key, "unknown key (the section has purge_url)");
    for (int i = 0; i < cfg->purge_url_count; i++) free(cfg->purge_urls[i]);
    cfg->purge_url_count = 0;
    char *list = xstrdup(value);
    int ok = 1;
    for (char *save = NULL, *u = strtok_r(list, ", ", &save); u && ok; u = strtok_r(NULL, ", ", &save)) {
        if (cfg->purge_url_count == CONFIG_MAX_PURGE_URLS) {
            ok = fail(st, "cache", key, "at most 8 URLs");
        } else if ((strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0) || strlen(u) > 1000 ||
                   strpbrk(u, "\r\n\t")) {
            char why[200];
            snprintf(why, sizeof why, "'%.100s' is not an http:// or https:// URL", u);
            ok = fail(st, "cache", key, why);
        } else {
            cfg->purge_urls[cfg->purge_url_count++] = xstrdup(u);
        }
    }
    free(list);
    return ok;
}

/* [metrics]: who may read /metrics. */
static int metrics_key(load_state *st, const char *key, const char *value) {
    if (strcmp(key, "allow") != 0) return fail(st, "metrics", key, "unknown key (the section has allow)");
    char bad[64];
    int count = netrange_parse_list(value, st->cfg->metrics_allow, CONFIG_MAX_PROXIES, bad, sizeof bad);
    if (count < 0) {
        char why[160];
        snprintf(why, sizeof why, "'%s' is not an address or CIDR range (at most %d entries)", bad, CONFIG_MAX_PROXIES);
        return fail(st, "metrics", key, why);
    }
    st->cfg->metrics_allow_count = count;
    return 1;
}

/* [database]: where the site's database is. */
static int database_key(load_state *st, const char *key, const char *value) {
    if (strcmp(key, "url") != 0) return fail(st, "database", key, "unknown key (the section has url)");
    if (!*value) return fail(st, "database", key, "must be a SQLite file's path or a postgresql:// URL");
    set_string(&st->cfg->database_url, value);
    return 1;
}

/* Checks and stores one complete key. Returns 0 after an error. */
static int dispatch(load_state *st, const char *section, const char *key, const char *value) {
    if (language_index(section) >= 0) return edition_key(st, language_index(section), section, key, value);
    if (strcmp(section, "site") == 0) return site_key(st, key, value);
    if (strcmp(section, "social") == 0) return social_key(st, key, value);
    if (strcmp(section, "server") == 0) return server_key(st, key, value);
    if (strcmp(section, "newsroom") == 0) return newsroom_key(st, key, value);
    if (strcmp(section, "database") == 0) return database_key(st, key, value);
    if (strcmp(section, "log") == 0) return log_key(st, key, value);
    if (strcmp(section, "metrics") == 0) return metrics_key(st, key, value);
    if (strcmp(section, "cache") == 0) return cache_key(st, key, value);
    snprintf(st->err, st->errlen, "%s: unknown section [%s]", st->path, section);
    st->failed = true;
    return 0;
}

/* Hands the key read so far to dispatch(). */
static int finish_key(load_state *st) {
    if (!st->key) return 1;
    int ok = dispatch(st, st->section, st->key, st->value.data ? st->value.data : "");
    free(st->section);
    free(st->key);
    st->section = st->key = NULL;
    buf_clear(&st->value);
    return ok;
}

/* inih callback: a key, or the next piece of a long line. Returning 0
** stops parsing. */
static int on_key(void *user, const char *section, const char *key, const char *value) {
    load_state *st = user;
    if (st->failed) return 0;
    if (st->reader->continuation && st->key && strcmp(st->key, key) == 0) {
        buf_puts(&st->value, value);
        return 1;
    }
    if (!finish_key(st)) return 0;
    char *qualified = xmalloc(strlen(section) + strlen(key) + 2);
    sprintf(qualified, "%s.%s", section, key);
    for (size_t i = 0; i < st->seen_count; i++) {
        if (strcmp(st->seen[i], qualified) == 0) {
            free(qualified);
            return fail(st, section, key, "given twice (or continued on an indented line;"
                                          " a value must be on one line)");
        }
    }
    st->seen = xrealloc(st->seen, (st->seen_count + 1) * sizeof *st->seen);
    st->seen[st->seen_count++] = qualified;
    st->section = xstrdup(section);
    st->key = xstrdup(key);
    buf_puts(&st->value, value);
    return 1;
}

bool config_load(config *cfg, const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open the configuration file: %s", path, strerror(errno));
        return false;
    }
    line_reader reader = {.file = f};
    load_state st = {.cfg = cfg, .err = err, .errlen = errlen, .path = path, .reader = &reader};
    buf_init(&st.value, NULL);
    int rc = ini_parse_stream(read_piece, &reader, on_key, &st);
    if (!st.failed && rc == 0) finish_key(&st);
    if (!st.failed && rc != 0) {
        int line = rc > 0 && (size_t)rc <= reader.chunks ? reader.chunk_lines[rc - 1] : rc;
        snprintf(err, errlen, "%s: line %d: not a valid INI line (expected [section] or key = value)",
                 path, line);
        st.failed = true;
    }
    fclose(f);
    free(reader.line);
    free(reader.chunk_lines);
    free(st.section);
    free(st.key);
    buf_free(&st.value);
    for (size_t i = 0; i < st.seen_count; i++) free(st.seen[i]);
    free(st.seen);
    if (st.failed) return false;
    if (!config_has_language(cfg, cfg->default_language)) {
        snprintf(err, errlen, "%s: [site] default_language: '%s' is not in languages", path,
                 cfg->default_language);
        return false;
    }
    return true;
}

void config_free(config *cfg) {
    char **strings[] = {&cfg->site_name, &cfg->base_url, &cfg->timezone,
                        &cfg->default_language, &cfg->attribution, &cfg->description,
                        &cfg->theme_dir, &cfg->listen, &cfg->media_dir, &cfg->database_url, &cfg->social.twitter,
                        &cfg->social.youtube, &cfg->social.instagram, &cfg->social.facebook,
                        &cfg->social.telegram, &cfg->social.app_store, &cfg->social.google_play};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        free(*strings[i]);
        *strings[i] = NULL;
    }
    for (size_t i = 0; i < cfg->language_count; i++) free(cfg->languages[i]);
    cfg->language_count = 0;
    for (int i = 0; i < cfg->purge_url_count; i++) free(cfg->purge_urls[i]);
    cfg->purge_url_count = 0;
    for (int i = 0; i < 3; i++) {
        free(cfg->editions[i].name);
        free(cfg->editions[i].description);
        free(cfg->editions[i].attribution);
        memset(&cfg->editions[i], 0, sizeof cfg->editions[i]);
    }
}

/* path made absolute: as it is when it is, else under the folder base
** names (itself made absolute from the working directory). */
static char *absolute_under(const char *base, const char *path) {
    if (path[0] == '/') return xstrdup(path);
    char *where = realpath(base, NULL);
    size_t n = strlen(where ? where : base) + strlen(path) + 2;
    char *out = xmalloc(n);
    snprintf(out, n, "%s/%s", where ? where : base, path);
    free(where);
    return out;
}

void config_resolve_paths(config *cfg, const char *config_path, const char *database) {
    /* The folder of the configuration file, else of a SQLite database,
    ** else the working directory. */
    const char *anchor = config_path ? config_path : database && !strstr(database, "://") ? database : NULL;
    char *base = xstrdup(".");
    if (anchor && strrchr(anchor, '/')) {
        free(base);
        base = xstrdup(anchor);
        char *slash = strrchr(base, '/');
        if (slash == base) slash[1] = '\0';
        else *slash = '\0';
    }
    char **paths[] = {&cfg->media_dir, &cfg->theme_dir};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (!*paths[i]) continue;
        char *resolved = absolute_under(base, *paths[i]);
        free(*paths[i]);
        *paths[i] = resolved;
    }
    free(base);
}

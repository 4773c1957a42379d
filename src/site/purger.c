/* The purger. See purger.h. */
#include "purger.h"
#include "cache_tags.h"
#include "../core/fatal.h"
#include "../core/log.h"
#include "../core/metrics.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often the log is looked at without a notification (SQLite). */
#define WATCH_MS 500
/* Changes read at once. */
#define LOG_BATCH 500
/* A purge request's tags at most (its header), and its time. */
#define TAGS_PER_REQUEST_BYTES 3000
#define PURGE_TIMEOUT_MS 3000
#define ATTEMPTS 3

struct purger {
    store *store;
    const config *cfg;
    store_listener *listener;
    pthread_t thread;
    _Atomic bool stopping;
    int64_t seen;                              /* the log's generation followed so far */
    int64_t release_at[CONFIG_MAX_LANGUAGES];  /* each edition's next embargo end; 0: none */
    CURL *curl;
};

/* Discards what a purge answers. */
static size_t ignore(char *data, size_t size, size_t n, void *ctx) {
    (void)data;
    (void)ctx;
    return size * n;
}

/* Sends one PURGE of tags to url: true on a 2xx answer. */
static bool purge_once(purger *p, const char *url, const char *tags, char *why, size_t size) {
    char xkey[TAGS_PER_REQUEST_BYTES + 32], surrogate[TAGS_PER_REQUEST_BYTES + 32];
    snprintf(xkey, sizeof xkey, "xkey-purge: %s", tags);
    snprintf(surrogate, sizeof surrogate, "Surrogate-Key: %s", tags);
    struct curl_slist *headers = curl_slist_append(NULL, xkey);
    struct curl_slist *more = headers ? curl_slist_append(headers, surrogate) : NULL;
    if (!more) {
        curl_slist_free_all(headers);
        snprintf(why, size, "out of memory");
        return false;
    }
    headers = more;
    CURL *c = p->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PURGE");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)PURGE_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ignore);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) snprintf(why, size, "%s", curl_easy_strerror(rc));
    else if (status < 200 || status > 299) snprintf(why, size, "it answered %ld", status);
    return rc == CURLE_OK && status >= 200 && status <= 299;
}

/* Sleeps ms, or less when the purger is stopping. */
static void pause_ms(purger *p, int ms) {
    for (int left = ms; left > 0 && !atomic_load(&p->stopping); left -= 50) {
        struct timespec t = {0, 50 * 1000000L};
        nanosleep(&t, NULL);
    }
}

/* Sends tags (one request's worth) to every URL, each tried ATTEMPTS times. */
static void purge_everywhere(purger *p, const char *tags) {
    for (int u = 0; u < p->cfg->purge_url_count; u++) {
        const char *url = p->cfg->purge_urls[u];
        char why[256] = "";
        bool done = false;
        /* Stopping, one try: a cache that does not answer must not hold
        ** the shutdown. */
        int attempts = atomic_load(&p->stopping) ? 1 : ATTEMPTS;
        for (int attempt = 0; attempt < attempts && !done; attempt++) {
            if (attempt) pause_ms(p, 250 << (2 * attempt)); /* 1 s, then 4 s */
            done = purge_once(p, url, tags, why, sizeof why);
        }
        metrics_add(done ? METRIC_PURGES : METRIC_PURGE_FAILURES, 1);
        if (!done) log_error("purge: %s: %s (tags %.200s)", url, why, tags);
    }
}

static int by_text(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* Sends the space-separated tags in text, each once, in requests of at
** most TAGS_PER_REQUEST_BYTES. */
static void purge_tags(purger *p, char *text) {
    size_t cap = 64, n = 0;
    char **tags = xmalloc(cap * sizeof *tags);
    for (char *save = NULL, *t = strtok_r(text, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        if (n == cap) tags = xrealloc(tags, (cap *= 2) * sizeof *tags);
        tags[n++] = t;
    }
    qsort(tags, n, sizeof *tags, by_text);
    char chunk[TAGS_PER_REQUEST_BYTES + 1];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(tags[i], tags[i - 1]) == 0) continue;
        size_t k = strlen(tags[i]);
        if (k > 200) continue; /* no tag is this long: not one of ours */
        if (len && len + 1 + k > TAGS_PER_REQUEST_BYTES) {
            purge_everywhere(p, chunk);
            len = 0;
        }
        len += (size_t)snprintf(chunk + len, sizeof chunk - len, "%s%s", len ? " " : "", tags[i]);
    }
    if (len) purge_everywhere(p, chunk);
    free(tags);
}

/* Purges what the log holds after what was seen. */
static void follow(purger *p) {
    for (;;) {
        arena *a = arena_new();
        int64_t latest = p->seen;
        content_change *changes;
        size_t n = 0;
        bool complete = true;
        if (store_content_log(p->store, a, p->seen, LOG_BATCH, &latest, &changes, &n, &complete) != STORE_OK) {
            arena_free(a); /* the next notification or poll tries again */
            return;
        }
        buf tags;
        buf_init(&tags, a);
        /* The log no longer reaches back that far: anything may have changed. */
        if (!complete) buf_puts(&tags, "site");
        for (size_t i = 0; i < n; i++) cache_tags_of_change(&tags, &changes[i]);
        if (tags.len) purge_tags(p, tags.data);
        p->seen = latest;
        arena_free(a);
        if (n < LOG_BATCH) return;
    }
}

/* Each edition's next embargo end from now. */
static void plan_releases(purger *p, int64_t now) {
    for (size_t i = 0; i < p->cfg->language_count && i < CONFIG_MAX_LANGUAGES; i++) {
        int64_t when = 0;
        if (store_next_release(p->store, p->cfg->languages[i], now, &when) != STORE_OK) when = 0;
        p->release_at[i] = when;
    }
}

/* An embargoed article came out with no write: its edition goes. */
static void release_due(purger *p) {
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < p->cfg->language_count && i < CONFIG_MAX_LANGUAGES; i++) {
        if (!p->release_at[i] || now < p->release_at[i]) continue;
        char tag[32];
        snprintf(tag, sizeof tag, "ed-%s", p->cfg->languages[i]);
        purge_tags(p, tag);
        int64_t when = 0;
        if (store_next_release(p->store, p->cfg->languages[i], now, &when) != STORE_OK) when = 0;
        p->release_at[i] = when;
    }
}

static void *run(void *ctx) {
    purger *p = ctx;
    int64_t planned = (int64_t)time(NULL);
    while (!atomic_load(&p->stopping)) {
        int told = store_listen_wait(p->listener, WATCH_MS);
        if (told < 0) {
            char all[] = "site"; /* changes may have gone untold */
            purge_tags(p, all);
        }
        if (told != 0) follow(p);
        /* New embargoes come with writes; look again now and then. */
        if (told != 0 || time(NULL) - planned >= 60) {
            planned = (int64_t)time(NULL);
            plan_releases(p, planned);
        }
        release_due(p);
    }
    follow(p); /* what was committed before the stop */
    return NULL;
}

purger *purger_start(store *s, const config *cfg) {
    if (cfg->purge_url_count == 0) return NULL;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) fatal("cannot start libcurl");
    purger *p = xcalloc(1, sizeof *p);
    p->store = s;
    p->cfg = cfg;
    p->curl = curl_easy_init();
    if (!p->curl) fatal("cannot start libcurl");
    int64_t changed_at;
    if (store_content_version(s, &changed_at, &p->seen) != STORE_OK) p->seen = 0;
    plan_releases(p, (int64_t)time(NULL));
    p->listener = store_listen(s);
    if (pthread_create(&p->thread, NULL, run, p) != 0) fatal("cannot start the purger");
    return p;
}

void purger_stop(purger *p) {
    if (!p) return;
    atomic_store(&p->stopping, true);
    pthread_join(p->thread, NULL);
    store_listen_stop(p->listener);
    curl_easy_cleanup(p->curl);
    free(p);
    curl_global_cleanup();
}

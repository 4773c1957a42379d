/* Liveness and readiness for load balancers. See health.h. */
#include "health.h"
#include "../core/log.h"
#include "../store/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Answers status with the JSON object {"status": word[, "reason": why]}. */
static void answer(http_response *resp, int status, const char *word, const char *why) {
    resp->quiet = true; /* no access line unless [log] health = on */
    json_t *o = json_pack("{ss}", "status", word);
    if (o && why && *why) json_object_set_new(o, "reason", json_string(why));
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    resp->status = text ? status : 500;
    resp->content_type = "application/json";
    resp->cache_control = "no-store";
    buf_puts(&resp->body, text ? text : "{\"status\":\"error\"}");
    buf_putc(&resp->body, '\n');
    free(text);
}

/* GET and HEAD only: false after answering 405 to anything else. */
static bool reading(const http_request *req, http_response *resp) {
    if (strcmp(req->method, "GET") == 0 || req->is_head) return true;
    http_response_header(resp, "Allow", "GET, HEAD");
    answer(resp, 405, "error", "only GET and HEAD");
    return false;
}

void health_live(site *s, http_request *req, http_response *resp) {
    (void)s;
    if (reading(req, resp)) answer(resp, 200, "ok", NULL);
}

void health_ready(site *s, http_request *req, http_response *resp) {
    if (!reading(req, resp)) return;
    char why[256];
    int rc = store_ready(s->store, why, sizeof why);
    if (rc == STORE_OK) {
        answer(resp, 200, "ready", NULL);
        return;
    }
    /* The store's own words (addresses, server messages) go to the log
    ** only; the answer says what an operator must do. */
    if (rc == STORE_UNAVAILABLE) log_error("readyz: %s", store_error(s->store));
    http_response_header(resp, "Retry-After", "5");
    answer(resp, 503, "unavailable", why);
}

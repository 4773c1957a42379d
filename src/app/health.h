/*
** What a load balancer asks a node (health.c):
**   GET /healthz  200 {"status":"ok"} while the process serves;
**   GET /readyz   200 {"status":"ready"} when the database answers and
**                 its schema is the one this node knows, else 503
**                 {"status":"unavailable","reason":"..."}: the balancer
**                 takes the node out until it answers 200 again.
** Neither goes through the page cache nor counts a view; other methods
** get 405.
*/
#ifndef GAZETTE_HEALTH_H
#define GAZETTE_HEALTH_H

#include "../http/http.h"
#include "../site/site.h"

/* The handler of /healthz. */
void health_live(site *s, http_request *req, http_response *resp);

/* The handler of /readyz. */
void health_ready(site *s, http_request *req, http_response *resp);

#endif

/*
** GET /metrics: the Prometheus text exposition of core/metrics.h's
** counters, the page cache's and the view counter's, for the addresses
** in [metrics] allow (127.0.0.1 and ::1 unless configured; the client as
** trusted proxies name it). Anyone else gets the site's 404, as for a
** page that does not exist. Never cached.
*/
#ifndef GAZETTE_METRICS_PAGE_H
#define GAZETTE_METRICS_PAGE_H

#include "../http/http.h"
#include "../site/site.h"

void metrics_page(site *s, http_request *req, http_response *resp);

#endif

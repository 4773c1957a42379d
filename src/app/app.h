/*
** The program as the HTTP server sees it: one dispatch table above the
** three applications (the reader site, the newsroom, the JSON API), as
** h2o registers a handler per path. Each route says
**   - how a request is admitted before its body is read (who is asking,
**     how large a body it may send, or an answer at once),
**   - whether its answers go through the page cache (the public ones: a
**     layer around their handlers, with one read snapshot per answer),
**   - whether it runs on the newsroom's own threads (offload), after
**     which the page cache follows what the request committed, and only
**     that: a refused request committed nothing, so it clears nothing.
**
** app is a site* (the context every handler gets: src/site/site.h).
*/
#ifndef GAZETTE_APP_H
#define GAZETTE_APP_H

#include "../http/http.h"

/* The http_options admit of the program. */
bool app_admit(void *app, http_request *req, http_admission *adm, http_response *resp);

/* The http_handler of the program. */
void app_handle(void *app, http_request *req, http_response *resp);

/* The http_options refused of the program: JSON under /api/, else text. */
void app_refused(void *app, http_request *req, http_response *resp, int status, const char *reason);

#endif

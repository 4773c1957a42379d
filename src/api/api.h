/*
** The JSON API under /api/v1/: the public API for apps and partners
** (public_api.c, read only, described by docs/openapi.json) and the Admin
** API for newsroom tools (admin_api.c, bearer tokens from `gazette token
** add`). JSON is made and read with jansson; errors are JSON too:
** {"error": "...", "field": ...}.
*/
#ifndef GAZETTE_API_H
#define GAZETTE_API_H

#include "../site/site.h"

/* Answers a request under /api/ (the public API; the Admin API's own
** address goes to admin_api_handle). */
void api_handle(site *s, http_request *req, http_response *resp);

/* The Admin API under /api/v1/admin/: who is asking (a bearer token) is
** decided from the headers, before any body is read; without a valid
** token the answer is 401 at once. */
bool admin_api_admit(site *s, http_request *req, http_admission *adm, http_response *resp);
void admin_api_handle(site *s, http_request *req, http_response *resp);

/* An API error answer for a request refused before the API saw it. */
void api_refused(http_response *resp, int status, const char *reason);

#endif

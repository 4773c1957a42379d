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

void api_handle(site *s, http_request *req, http_response *resp);

/* An API error answer for a request refused before the API saw it. */
void api_refused(http_response *resp, int status, const char *reason);

#endif

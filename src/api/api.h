/*
** The JSON API under /api/. Today: the Admin API (/api/v1/admin/...), for
** newsroom tools, with bearer tokens (gazette token add). JSON is made and
** read with jansson; errors are JSON too: {"error": "...", "field": ...}.
*/
#ifndef GAZETTE_API_H
#define GAZETTE_API_H

#include "../site/site.h"

void api_handle(site *s, http_request *req, http_response *resp);

#endif

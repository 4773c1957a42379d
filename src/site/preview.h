/* Preview links' tokens and page (see preview.c). The newsroom makes the
** links (newsroom/admin_previews.c); the reader's side answers them. */
#ifndef GAZETTE_PREVIEW_H
#define GAZETTE_PREVIEW_H

#include "site.h"

#include <stdbool.h>

#define PREVIEW_TOKEN_BYTES 32
#define PREVIEW_TOKEN_CHARS 43 /* base64url of 32 bytes, unpadded */
#define PREVIEW_HASH_BYTES 32

/* Makes a new random token (out, NUL-terminated) and its hash. */
bool preview_token_new(char out[PREVIEW_TOKEN_CHARS + 1], unsigned char hash[PREVIEW_HASH_BYTES]);

/* The hash a token is kept by; false when token is not one's shape. */
bool preview_token_hash(const char *token, unsigned char out[PREVIEW_HASH_BYTES]);

/* Answers /preview/{token}. */
void preview_page(site *s, http_request *req, http_response *resp);

#endif

/* Preview links: /preview/{token} shows a story that is not published
** yet, exactly as its page will look, to whoever has the link (a colleague
** without an account, a source checking a quote). The token is 32 random
** bytes in unpadded base64url; the store keeps only its BLAKE2b hash, so
** a copy of the database gives no working link, and a guessed token is
** one in 2^256. A link ends at its time or when the newsroom revokes it;
** after that, or for any token that is not one, the answer is the site's
** 404, the same for each. */
#include "preview.h"
#include "page.h"
#include "pages.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

bool preview_token_hash(const char *token, unsigned char out[PREVIEW_HASH_BYTES]) {
    if (!token || strlen(token) != PREVIEW_TOKEN_CHARS) return false;
    for (const char *c = token; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_'))
            return false;
    return crypto_generichash(out, PREVIEW_HASH_BYTES, (const unsigned char *)token, PREVIEW_TOKEN_CHARS, NULL,
                              0) == 0;
}

bool preview_token_new(char out[PREVIEW_TOKEN_CHARS + 1], unsigned char hash[PREVIEW_HASH_BYTES]) {
    unsigned char raw[PREVIEW_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, PREVIEW_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return preview_token_hash(out, hash);
}

void preview_page(site *s, http_request *req, http_response *resp) {
    const char *token = req->path + strlen("/preview/");
    unsigned char hash[PREVIEW_HASH_BYTES];
    int64_t id = 0;
    int rc = preview_token_hash(token, hash)
                 ? store_preview_find(s->store, hash, sizeof hash, (int64_t)time(NULL), &id)
                 : STORE_NOT_FOUND;
    if (rc == STORE_NOT_FOUND) {
        page_not_found(s, req, resp, NULL);
        resp->cache_control = "no-store";
        return;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "preview: find the link");
        return;
    }
    article_preview(s, req, resp, id);
}

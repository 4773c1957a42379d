/* An image's words: its default alt text and its credit, set from the
** images page and from the story editor alike (media.h). */
#include "media.h"
#include "article_save.h"
#include "../core/text.h"

#include <stdio.h>
#include <string.h>

/* NULL when value (a line of text) is valid UTF-8, without control
** characters and at most max characters; else what is wrong with it. */
static const char *line_problem(const char *value, size_t max) {
    size_t len = strlen(value);
    if (!utf8_valid(value, len)) return "is not valid UTF-8";
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode((const unsigned char *)value + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
            return "must be one line without control characters";
    }
    return utf8_length(value) > max ? "is too long" : NULL;
}

bool media_describe(store *s, const actor *who, int64_t id, const char *alt, const char *credit, int *status,
                    char *message, size_t size) {
    alt = alt ? alt : "";
    credit = credit ? credit : "";
    const char *why;
    if ((why = line_problem(alt, ALT_MAX_CHARS)) != NULL) {
        snprintf(message, size, "Alt text %s (at most %d characters); nothing was changed.", why, ALT_MAX_CHARS);
        *status = 400;
        return false;
    }
    if ((why = line_problem(credit, MEDIA_CREDIT_MAX_CHARS)) != NULL) {
        snprintf(message, size, "Credit %s (at most %d characters); nothing was changed.", why, MEDIA_CREDIT_MAX_CHARS);
        *status = 400;
        return false;
    }
    char detail[24];
    snprintf(detail, sizeof detail, "%lld", (long long)id);
    int rc = store_begin(s);
    if (rc == STORE_OK) rc = store_media_describe(s, id, alt, credit);
    if (rc == STORE_OK)
        rc = store_audit_add(s, &(audit_entry){.actor = who->id, .actor_name = who->name, .address = who->address,
                                               .action = "described image", .detail = detail});
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc == STORE_OK) return true;
    store_rollback(s);
    *status = rc == STORE_NOT_FOUND ? 404 : rc == STORE_UNAVAILABLE ? 503 : 500;
    snprintf(message, size, "%s", rc == STORE_NOT_FOUND ? "There is no such image; nothing was changed."
                                                         : "The image could not be described right now; nothing was changed.");
    return false;
}

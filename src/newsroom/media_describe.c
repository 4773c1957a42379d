/* An image's words: its default alt text and its credit, set from the
** images page and from the story editor alike (media.h). */
#include "media.h"
#include "article_save.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <stdio.h>
#include <string.h>

/* What is wrong with value (a line of text): 0 when it is valid UTF-8,
** without control characters and at most max characters; else 1 (not
** UTF-8), 2 (control characters) or 3 (too long). */
static int line_problem(const char *value, size_t max) {
    size_t len = strlen(value);
    if (!utf8_valid(value, len)) return 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode((const unsigned char *)value + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) return 2;
    }
    return utf8_length(value) > max ? 3 : 0;
}

/* Why an alt text or a credit is refused, whole sentences for each. */
static const char *const refusals[2][3] = {
    {N_("Alt text is not valid UTF-8 (at most %d characters); nothing was changed."),
     N_("Alt text must be one line without control characters (at most %d characters); nothing was changed."),
     N_("Alt text is too long (at most %d characters); nothing was changed.")},
    {N_("Credit is not valid UTF-8 (at most %d characters); nothing was changed."),
     N_("Credit must be one line without control characters (at most %d characters); nothing was changed."),
     N_("Credit is too long (at most %d characters); nothing was changed.")},
};

bool media_describe(store *s, const actor *who, int64_t id, const char *alt, const char *credit, int *status,
                    user_message *why) {
    alt = alt ? alt : "";
    credit = credit ? credit : "";
    int problem;
    if ((problem = line_problem(alt, ALT_MAX_CHARS)) != 0) {
        user_message_set(why, refusals[0][problem - 1], ALT_MAX_CHARS);
        *status = 400;
        return false;
    }
    if ((problem = line_problem(credit, MEDIA_CREDIT_MAX_CHARS)) != 0) {
        user_message_set(why, refusals[1][problem - 1], MEDIA_CREDIT_MAX_CHARS);
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
    user_message_set(why, rc == STORE_NOT_FOUND ? N_("There is no such image; nothing was changed.")
                                                : N_("The image could not be described right now; nothing was changed."));
    return false;
}

/* Authors' profiles and bylines. See authors.h. */
#include "authors.h"
#include "../render/i18n.h"
#include "article_save.h"
#include "../core/buf.h"
#include "../core/text.h"
#include "../core/urls.h"

#include <stdio.h>
#include <string.h>

/* True when text has no control characters (newlines allowed when
** lines) and is valid UTF-8 of at most max characters. */
static bool plain_text(const char *text, bool lines, size_t max) {
    size_t len = strlen(text);
    if (!utf8_valid(text, len) || utf8_length(text) > max) return false;
    const unsigned char *bytes = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(bytes + i, len - i, &cp);
        if (lines && (cp == '\n' || cp == '\r')) continue;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) return false;
    }
    return true;
}

/* True when url is an https URL with a host: "https://", then letters,
** digits, dots and hyphens (an optional port), then a path of printable
** ASCII without spaces, quotes or angle brackets. */
static bool https_url(const char *url) {
    if (strlen(url) > AUTHOR_LINK_MAX_BYTES || strncmp(url, "https://", 8) != 0) return false;
    const char *c = url + 8;
    size_t host = 0;
    bool dot = false;
    for (; *c && *c != '/' && *c != '?' && *c != '#' && *c != ':'; c++, host++) {
        if (*c == '.') dot = true;
        else if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return false;
    }
    if (host == 0 || !dot || url[8] == '.' || c[-1] == '.') return false;
    if (*c == ':') {
        c++;
        if (*c < '0' || *c > '9') return false;
        while (*c >= '0' && *c <= '9') c++;
    }
    for (; *c; c++)
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7F || strchr("\"'<>\\`{}|^", *c)) return false;
    return true;
}

/* True when email looks like one: a local part and a domain with a dot,
** of printable ASCII without spaces, quotes, angle brackets or a second @. */
static bool plausible_email(const char *email) {
    size_t len = strlen(email);
    const char *at = strchr(email, '@');
    if (len > AUTHOR_EMAIL_MAX_BYTES || !at || at == email || strchr(at + 1, '@')) return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1]) return false;
    for (const char *c = email; *c; c++)
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7F || strchr("\"'<>()[]\\,;:", *c)) return false;
    return true;
}

/* Fills the problem (message: a message of the catalogues). Returns false. */
static bool refuse(const char **field, const char *name, user_message *why, const char *message) {
    *field = name;
    user_message_plain(why, message);
    return false;
}

bool authors_check_profile(store *s, arena *a, const author_profile *in, const char **field, user_message *why) {
    if (!in->name || !*in->name) return refuse(field, "name", why, N_("The name is required."));
    if (!plain_text(in->name, false, AUTHOR_MAX_CHARS))
        return refuse(field, "name", why, N_("The name must be one line of at most 200 characters."));
    if (in->bio && !plain_text(in->bio, true, AUTHOR_BIO_MAX_CHARS))
        return refuse(field, "bio", why, N_("The bio must be plain text of at most 600 characters."));
    const struct { const char *value, *name; } links[] = {
        {in->website, "website"}, {in->twitter, "twitter"}, {in->facebook, "facebook"}, {in->telegram, "telegram"}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        if (links[i].value && *links[i].value && !https_url(links[i].value))
            return refuse(field, links[i].name, why,
                          N_("Links must be https:// addresses (at most 300 characters, no spaces or quotes)."));
    if (in->email && *in->email && !plausible_email(in->email))
        return refuse(field, "email", why, N_("The e-mail must be an address such as name@example.com."));
    if (in->photo_id < 0) return refuse(field, "photo_id", why, N_("The photo must be an image of the library."));
    if (in->photo_id) {
        media m;
        int rc = store_media_by_id(s, a, in->photo_id, &m);
        if (rc == STORE_NOT_FOUND)
            return refuse(field, "photo_id", why, N_("The photo must be an image of the library."));
        if (rc != STORE_OK) return refuse(field, NULL, why, N_("The library cannot be read right now."));
    }
    return true;
}

bool authors_may_edit(const actor *who, const author_profile *profile) {
    if (who->role >= ROLE_EDITOR) return true;
    return who->user_id && profile->user_id == who->user_id;
}

int authors_own_profile(store *s, arena *a, const actor *who, author_profile *out) {
    if (!who->user_id) return STORE_NOT_FOUND;
    int rc = store_author_by_user(s, a, who->user_id, out);
    if (rc != STORE_NOT_FOUND) return rc;
    const char *base = slugify(a, who->name ? who->name : "", SLUG_MAX - 3);
    if (!*base) base = "author";
    author_profile mine = {.name = who->name && *who->name ? who->name : base, .user_id = who->user_id};
    for (int n = 1; n <= 9; n++) {
        mine.slug = n == 1 ? base : arena_printf(a, "%s-%d", base, n);
        int64_t id;
        rc = store_author_add(s, &mine, &id);
        if (rc == STORE_OK) return store_author_by_slug(s, a, mine.slug, out);
        if (rc != STORE_CONFLICT) return rc;
        /* Taken: by someone else's profile, or by a profile of this user
        ** made meanwhile. */
        if (store_author_by_user(s, a, who->user_id, out) == STORE_OK) return STORE_OK;
    }
    return STORE_CONFLICT;
}

bool authors_parse_text(arena *a, const char *text, article_input *in, user_message *why) {
    in->authors = NULL;
    in->author_count = 0;
    if (!text) return true;
    if (strlen(text) > (size_t)ARTICLE_AUTHORS_MAX * (AUTHOR_MAX_CHARS * 4 + 2)) {
        user_message_plain(why, N_("field 'authors': too long"));
        return false;
    }
    article_author *list = arena_alloc(a, ARTICLE_AUTHORS_MAX * sizeof *list);
    in->authors = list;
    char *copy = arena_strdup(a, text), *save = NULL;
    for (char *t = strtok_r(copy, ",\r\n", &save); t; t = strtok_r(NULL, ",\r\n", &save)) {
        while (*t == ' ' || *t == '\t') t++;
        size_t len = strlen(t);
        while (len && (t[len - 1] == ' ' || t[len - 1] == '\t')) t[--len] = '\0';
        if (!*t) continue;
        if (in->author_count == ARTICLE_AUTHORS_MAX) {
            user_message_set(why, N_("field 'authors': at most %d authors"), ARTICLE_AUTHORS_MAX);
            return false;
        }
        list[in->author_count++] = (article_author){NULL, t};
    }
    return true;
}

const char *authors_text(arena *a, const article_input *in) {
    if (in->author_count == 0) return in->author ? in->author : "";
    buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < in->author_count; i++) buf_printf(&b, "%s%s", i ? "\n" : "", in->authors[i].name);
    return b.data ? b.data : "";
}

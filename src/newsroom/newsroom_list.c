/* The newsroom's list requests and cursors. See newsroom_list.h. */
#include "newsroom_list.h"
#include "../core/text.h"
#include "../render/i18n.h"
#include "../core/urls.h"
#include "../search/query.h"
#include "../search/thread_tokenizer.h"

#include <sodium.h>
#include <string.h>

/* The setting that keeps the cursors' key (64 hex digits). Not one of
** settings_keys: nothing shows or edits it. */
#define CURSOR_KEY_SETTING "newsroom.cursor_key"
#define CURSOR_VERSION 1
/* version, sort, order, key (8 bytes), id (8 bytes), then the MAC. */
#define CURSOR_BODY 19
#define CURSOR_MAC 16
#define CURSOR_BYTES (CURSOR_BODY + CURSOR_MAC)
/* Its base64url text, without padding: 4 characters for every 3 bytes. */
#define CURSOR_TEXT_MAX 64

/* The site's cursor key into key: read from the settings, made (random)
** the first time. STORE_OK or the store's code. */
static int cursor_key(store *s, unsigned char key[32]) {
    arena *a = arena_new();
    const char *hex = NULL;
    int rc = store_setting_get(s, a, CURSOR_KEY_SETTING, &hex);
    if (rc == STORE_NOT_FOUND) {
        unsigned char fresh[32];
        char text[65];
        randombytes_buf(fresh, sizeof fresh);
        sodium_bin2hex(text, sizeof text, fresh, sizeof fresh);
        rc = store_setting_set(s, CURSOR_KEY_SETTING, text);
        /* Read back: when two nodes made one at once, the one kept wins. */
        if (rc == STORE_OK) rc = store_setting_get(s, a, CURSOR_KEY_SETTING, &hex);
    }
    size_t len = 0;
    if (rc == STORE_OK && (!hex || sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &len, NULL) != 0 || len != 32))
        rc = STORE_ERROR;
    arena_free(a);
    return rc;
}

/* Puts n as 8 bytes, most significant first, at p. */
static void put64(unsigned char *p, int64_t n) {
    uint64_t u = (uint64_t)n;
    for (int i = 7; i >= 0; i--, u >>= 8) p[i] = (unsigned char)(u & 0xff);
}

/* The number of 8 bytes at p. */
static int64_t get64(const unsigned char *p) {
    uint64_t u = 0;
    for (int i = 0; i < 8; i++) u = u << 8 | p[i];
    return (int64_t)u;
}

/* The kind of list a cursor is for (its second byte): an article list's
** sort, or the images. */
enum { CURSOR_MEDIA = 2 };

/* A sealed cursor of a list of kind at (key, id), in a; NULL when the key
** cannot be had. */
static const char *seal(store *s, arena *a, int kind, bool ascending, int64_t key_value, int64_t id) {
    unsigned char key[32], bytes[CURSOR_BYTES];
    if (cursor_key(s, key) != STORE_OK) return NULL;
    bytes[0] = CURSOR_VERSION;
    bytes[1] = (unsigned char)kind;
    bytes[2] = ascending ? 1 : 0;
    put64(bytes + 3, key_value);
    put64(bytes + 11, id);
    crypto_generichash(bytes + CURSOR_BODY, CURSOR_MAC, bytes, CURSOR_BODY, key, sizeof key);
    char *text = arena_alloc(a, CURSOR_TEXT_MAX + 1);
    sodium_bin2base64(text, CURSOR_TEXT_MAX + 1, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

/* Opens a cursor for a list of kind in that order: NULL when it is good
** (with its position), else why not; a store failure in *store_rc. */
static const char *unseal(store *s, const char *text, int kind, bool ascending, int64_t *key_value, int64_t *id,
                          int *store_rc) {
    unsigned char bytes[CURSOR_BYTES], key[32], mac[CURSOR_MAC];
    size_t len = 0;
    if (strlen(text) > CURSOR_TEXT_MAX ||
        sodium_base642bin(bytes, sizeof bytes, text, strlen(text), NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != sizeof bytes || bytes[0] != CURSOR_VERSION)
        return N_("is not a cursor this list gave: use next_cursor as it came, or leave it out for the first page");
    int rc = cursor_key(s, key);
    if (rc != STORE_OK) {
        *store_rc = rc;
        return N_("cannot be checked right now");
    }
    crypto_generichash(mac, sizeof mac, bytes, CURSOR_BODY, key, sizeof key);
    if (sodium_memcmp(mac, bytes + CURSOR_BODY, sizeof mac) != 0)
        return N_("has been altered or was not made by this site: use next_cursor as it came");
    if (bytes[1] != (unsigned char)kind || bytes[2] != (ascending ? 1 : 0))
        return N_("was made for another list, sort or order: ask with the sort and order it came with");
    *key_value = get64(bytes + 3);
    *id = get64(bytes + 11);
    return NULL;
}

const char *newsroom_list_cursor(store *s, arena *a, const newsroom_request *r, const newsroom_item *item) {
    const newsroom_filter *f = &r->filter;
    return seal(s, a, (int)f->sort, f->ascending,
                f->sort == NEWSROOM_BY_UPDATED ? item->article.updated_at : item->article.published_at, item->article.id);
}

const char *newsroom_media_cursor(store *s, arena *a, int64_t last_id) {
    return seal(s, a, CURSOR_MEDIA, false, 0, last_id);
}

const char *newsroom_media_cursor_read(store *s, const char *text, int64_t *before_id, int *store_rc) {
    int64_t unused;
    *store_rc = STORE_OK;
    return unseal(s, text, CURSOR_MEDIA, false, &unused, before_id, store_rc);
}

/* Reads a cursor into f's position. NULL when it is good, else why not. */
static const char *read_cursor(store *s, const char *text, newsroom_filter *f, int *store_rc) {
    const char *problem = unseal(s, text, (int)f->sort, f->ascending, &f->position_key, &f->position_id, store_rc);
    f->from_position = problem == NULL;
    return problem;
}

/* A parameter, "" when missing. */
static const char *param(http_request *req, const char *name) {
    const char *v = http_query(req, name);
    return v ? v : "";
}

/* Sets the text filter from q: parsed for each edition it looks in. */
static const char *read_text(const config *cfg, arena *a, const char *q, newsroom_request *out) {
    out->q = search_query_clean(a, q);
    if (!*out->q) return NULL;
    newsroom_filter *f = &out->filter;
    newsroom_text *text = arena_zalloc(a, (cfg->language_count ? cfg->language_count : 1) * sizeof *text);
    size_t n = 0;
    for (size_t i = 0; i < cfg->language_count; i++) {
        const char *lang = cfg->languages[i];
        if (f->lang && strcmp(f->lang, lang) != 0) continue;
        search_query *query = search_query_build(a, search_thread_tokenizer(lang), out->q, NULL);
        if (query && query->count) text[n++] = (newsroom_text){lang, query};
    }
    if (!n) return N_("has no words to look for: give letters or digits");
    f->text = text;
    f->text_count = n;
    return NULL;
}

bool newsroom_list_read(store *s, const config *cfg, const actor *who, http_request *req,
                        newsroom_request *out, const char **field, user_message *problem, int *store_rc) {
    arena *a = req->arena;
    memset(out, 0, sizeof *out);
    memset(problem, 0, sizeof *problem);
    *store_rc = STORE_OK;
    const char *why = NULL; /* a message without arguments, when one is wrong */
    newsroom_filter *f = &out->filter;
    out->q = "";
    out->status = param(req, "status");
    out->author = param(req, "author");
    const char *lang = param(req, "lang"), *category_slug = param(req, "category"), *sort = param(req, "sort"),
               *order = param(req, "order"), *limit = param(req, "limit"), *cursor = param(req, "cursor");
    long long number = NEWSROOM_LIST_DEFAULT;
    if (*out->status && strcmp(out->status, "trash") == 0) f->trash = true;
    else if (*out->status && !workflow_parse(out->status, &f->workflow))
        *field = "status", why = N_("must be draft, review, scheduled, published, unpublished or trash");
    if (!why && *lang && !config_has_language(cfg, lang))
        *field = "lang", why = N_("must be an edition of this site");
    f->lang = *lang ? lang : NULL;
    if (!why && *category_slug) {
        int64_t id;
        int rc = slug_valid(category_slug, SLUG_MAX) ? store_category_find(s, category_slug, &id) : STORE_NOT_FOUND;
        if (rc == STORE_NOT_FOUND) *field = "category", why = N_("must be the slug of a category");
        else if (rc != STORE_OK) *store_rc = rc, *field = NULL, why = N_("The categories cannot be read right now.");
        f->category_slug = category_slug;
    }
    /* A byline or its slug (a slug makes itself). */
    if (!why && *out->author) {
        const char *slug = utf8_length(out->author) <= 200 ? slugify(a, out->author, SLUG_MAX) : NULL;
        if (!slug || !*slug) *field = "author", why = N_("must be a byline or its slug, with letters or digits");
        else out->author = slug;
    }
    f->author_slug = *out->author ? out->author : NULL;
    if (!why && *sort && strcmp(sort, "published") != 0 && strcmp(sort, "updated") != 0)
        *field = "sort", why = N_("must be published or updated");
    f->sort = strcmp(sort, "published") == 0 ? NEWSROOM_BY_PUBLISHED : NEWSROOM_BY_UPDATED;
    if (!why && *order && strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
        *field = "order", why = N_("must be asc or desc");
    f->ascending = strcmp(order, "asc") == 0;
    if (!why && *limit && !parse_int(limit, 1, STORE_NEWSROOM_MAX, &number)) {
        *field = "limit";
        user_message_set(problem, N_("must be a whole number from 1 to %d"), STORE_NEWSROOM_MAX);
        return false;
    }
    f->limit = (int)number;
    const char *q = param(req, "q");
    if (!why && *q && (why = read_text(cfg, a, q, out))) *field = "q";
    if (!why && *cursor && (why = read_cursor(s, cursor, f, store_rc)))
        *field = *store_rc == STORE_OK ? "cursor" : NULL;
    /* Authors see their own work only. */
    if (who->role < ROLE_EDITOR) f->owner = who->id;
    if (why) user_message_plain(problem, why);
    return why == NULL;
}

/* The shared page context, layout rendering and error pages. */
#include "page.h"
#include "pages.h"
#include "breaking.h"
#include "live.h"
#include "footer.h"
#include "cache_tags.h"
#include "cache.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"
#include "../render/i18n.h"
#include "../render/image.h"

#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

/* Template hook: translations for the page's language. */
static const char *translate(void *user, const char *msgid, const char *plural, int64_t n) {
    return i18n_translate((const char *)user, msgid, plural, n);
}

/* The navigation: every category of the edition. */
/* A feed for the head's <link rel="alternate">, so readers' apps find it. */
static void add_feed(page *p, tv *feeds, const char *type, const char *title, const char *path) {
    tv *f = tv_object(p->arena);
    tv_set_text(f, "type", type);
    tv_set_text(f, "title", title);
    tv_set_text(f, "href", path);
    tv_push(feeds, f);
}

/* The sections bar, and the feeds of the edition and of the current
** category. */
static void add_navigation(page *p, const char *current, const category *cats, size_t n) {
    p->categories = cats;
    p->category_count = n;
    tv *nav = tv_list(p->arena);
    tv *feeds = tv_list(p->arena);
    const char *name = config_site_name(p->site->cfg, p->lang);
    add_feed(p, feeds, "application/rss+xml", name, arena_printf(p->arena, "/%s/rss.xml", p->lang));
    add_feed(p, feeds, "application/atom+xml", name, arena_printf(p->arena, "/%s/atom.xml", p->lang));
    for (size_t i = 0; i < n; i++) {
        bool here = current && strcmp(current, cats[i].slug) == 0;
        tv *item = tv_object(p->arena);
        tv_set_text(item, "name", cats[i].name);
        tv_set_text(item, "url", urls_category_path(p->arena, p->lang, cats[i].slug));
        tv_set_bool(item, "current", here);
        tv_push(nav, item);
        if (here)
            add_feed(p, feeds, "application/rss+xml", arena_printf(p->arena, "%s: %s", name, cats[i].name),
                     arena_printf(p->arena, "/%s/%s/rss.xml", p->lang, cats[i].slug));
    }
    tv_set(p->ctx, "nav", nav);
    tv_set(p->ctx, "feeds", feeds);
}

/* The language switch: each edition's home (a page can point an edition
** to a better target, e.g. an article's translation, by replacing it). */
static void add_editions(page *p) {
    const config *cfg = p->site->cfg;
    tv *list = tv_list(p->arena);
    for (size_t i = 0; i < cfg->language_count; i++) {
        const char *code = cfg->languages[i];
        tv *item = tv_object(p->arena);
        tv_set_text(item, "code", code);
        char *upper = arena_strdup(p->arena, code);
        for (char *c = upper; *c; c++) *c = (char)(*c - 'a' + 'A');
        tv_set_text(item, "label", upper);
        tv_set_text(item, "name", i18n_language_name(code));
        tv_set_text(item, "url", arena_printf(p->arena, "/%s/", code));
        tv_set_bool(item, "current", strcmp(code, p->lang) == 0);
        tv_push(list, item);
    }
    tv_set(p->ctx, "editions", list);
    tv_set_bool(p->ctx, "has_editions", cfg->language_count > 1);
}

/* A configured outside link: icon key, label, URL (NULL or empty: unset). */
typedef struct outside_link {
    const char *key, *label, *url;
} outside_link;

/* The list of links that are set, for a template. */
static tv *link_list(arena *a, const outside_link *links, size_t n) {
    tv *list = tv_list(a);
    for (size_t i = 0; i < n; i++) {
        if (!links[i].url || !*links[i].url) continue;
        tv *item = tv_object(a);
        tv_set_text(item, "key", links[i].key);
        tv_set_text(item, "label", links[i].label);
        tv_set_text(item, "url", links[i].url);
        tv_push(list, item);
    }
    return list;
}

/* Social profiles and apps from the configuration; unset ones are left out. */
static void add_social(page *p) {
    const social_links *s = &p->site->cfg->social;
    settings *st = p->site->settings;
    arena *a = p->arena;
    const outside_link profiles[] = {
        {"x", "X", settings_get(st, a, "social.twitter", s->twitter)},
        {"youtube", "YouTube", settings_get(st, a, "social.youtube", s->youtube)},
        {"instagram", "Instagram", settings_get(st, a, "social.instagram", s->instagram)},
        {"facebook", "Facebook", settings_get(st, a, "social.facebook", s->facebook)},
        {"telegram", "Telegram", settings_get(st, a, "social.telegram", s->telegram)},
    }, apps[] = {
        {"appstore", "App Store", settings_get(st, a, "apps.app_store", s->app_store)},
        {"googleplay", "Google Play", settings_get(st, a, "apps.google_play", s->google_play)},
    };
    tv_set(p->ctx, "social", link_list(p->arena, profiles, sizeof profiles / sizeof profiles[0]));
    tv_set(p->ctx, "apps", link_list(p->arena, apps, sizeof apps / sizeof apps[0]));
    if (profiles[1].url && *profiles[1].url) tv_set_text(p->ctx, "youtube_url", profiles[1].url);
}

static void add_assets(page *p) {
    const theme *t = p->site->theme;
    tv *assets = tv_object(p->arena);
    for (size_t i = 0; i < t->asset_count; i++)
        tv_set_text(assets, t->assets[i].key, t->assets[i].url);
    tv_set(p->ctx, "assets", assets);
    /* The theme's own script, not user input: safe to print as it is. */
    tv_set_html(p->ctx, "boot_script", t->boot_script);
}

bool page_init(page *p, site *s, http_request *req, http_response *resp, const char *lang,
               const char *current_category) {
    category *cats = NULL;
    size_t n = 0;
    bool ok = store_categories(s->store, req->arena, lang, &cats, &n) == STORE_OK;
    page_init_known(p, s, req, resp, lang, current_category, cats, n);
    return ok;
}

void page_init_known(page *p, site *s, http_request *req, http_response *resp, const char *lang,
                     const char *current_category, const category *categories, size_t category_count) {
    const config *cfg = s->cfg;
    *p = (page){0};
    p->site = s;
    p->req = req;
    p->resp = resp;
    p->arena = req->arena;
    p->lang = lang;
    p->ctx = tv_object(p->arena);
    buf_init(&p->tags, p->arena);
    buf_printf(&p->tags, "site ed-%s", lang);
    tv *c = p->ctx;
    tv_set_text(c, "lang", lang);
    tv_set_text(c, "site_name", config_site_name(cfg, lang));
    tv_set_text(c, "attribution",
                settings_get(s->settings, p->arena, arena_printf(p->arena, "attribution.%s", lang),
                             config_attribution(cfg, lang)));
    tv_set_int(c, "year", timeutil_current_year());
    tv_set_text(c, "home_url", arena_printf(p->arena, "/%s/", lang));
    tv_set_text(c, "search_url", arena_printf(p->arena, "/%s/search", lang));
    add_editions(p);
    add_social(p);
    add_assets(p);
    add_navigation(p, current_category, categories, category_count);
}

const category *page_category(const page *p, const char *slug) {
    for (size_t i = 0; slug && i < p->category_count; i++)
        if (strcmp(p->categories[i].slug, slug) == 0) return &p->categories[i];
    return NULL;
}

const char *page_lead_image_alt(const article *a) {
    if (a->lead_image_alt && *a->lead_image_alt) return a->lead_image_alt;
    return a->lead_image_caption && *a->lead_image_caption ? a->lead_image_caption : a->title;
}

void page_meta(page *p, const char *title, const char *description, const char *path) {
    tv_set_text(p->ctx, "title", title);
    tv_set_text(p->ctx, "description", description);
    if (path)
        tv_set_text(p->ctx, "canonical", arena_printf(p->arena, "%s%s", p->site->cfg->base_url, path));
}

void page_alternates(page *p, const char *const *langs, const char *const *paths, size_t n) {
    const config *cfg = p->site->cfg;
    tv *alternates = tv_list(p->arena);
    const char *x_default = NULL, *own = NULL;
    for (size_t i = 0; i < n; i++) {
        tv *link = tv_object(p->arena);
        const char *href = arena_printf(p->arena, "%s%s", cfg->base_url, paths[i]);
        tv_set_text(link, "hreflang", langs[i]);
        tv_set_text(link, "href", href);
        tv_push(alternates, link);
        if (strcmp(langs[i], cfg->default_language) == 0) x_default = href;
        if (strcmp(langs[i], p->lang) == 0) own = href;
    }
    if (!x_default) x_default = own;
    if (x_default) {
        tv *link = tv_object(p->arena);
        tv_set_text(link, "hreflang", "x-default");
        tv_set_text(link, "href", x_default);
        tv_push(alternates, link);
    }
    tv_set(p->ctx, "alternates", alternates);
    /* The language switch: to the same page in the other edition. */
    tv *editions = tv_get(p->ctx, "editions");
    for (size_t e = 0; editions && e < editions->as.items.count; e++) {
        tv *item = editions->as.items.items[e];
        tv *code = tv_get(item, "code");
        for (size_t i = 0; code && i < n; i++)
            if (strcmp(code->as.text, langs[i]) == 0) tv_set_text(item, "url", paths[i]);
    }
}

static void render_into(page *p, const char *name, buf *out) {
    template_env env = {translate, (void *)p->lang};
    template_render(theme_template(p->site->theme, name), p->ctx, &env, out);
}

void page_tag(page *p, const char *fmt, ...) {
    buf_putc(&p->tags, ' ');
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&p->tags, fmt, ap);
    va_end(ap);
}

/* The page's tags, each once (a story in two lists is tagged twice), in
** its arena. */
static const char *page_tags(page *p) {
    const char *all = p->tags.data ? p->tags.data : "";
    buf out;
    buf_init(&out, p->arena);
    for (const char *t = all; *t;) {
        size_t n = strcspn(t, " ");
        bool seen = false;
        for (const char *u = out.data; u && *u && !seen;) {
            size_t m = strcspn(u, " ");
            seen = m == n && memcmp(u, t, n) == 0;
            u += m;
            u += strspn(u, " ");
        }
        if (n && !seen) {
            if (out.len) buf_putc(&out, ' ');
            buf_append(&out, t, n);
        }
        t += n;
        t += strspn(t, " ");
    }
    return out.data;
}

/* The edition's breaking-news banner, when a story is breaking: the page
** is tagged with the story (its change purges the page) and no browser
** or cache keeps it past the banner's end (the page cache and the purger
** let it go then: store_next_release). */
static void add_breaking(page *p) {
    breaking_story b;
    int rc = breaking_now(p->site->breaking, p->arena, p->lang, &b);
    if (rc == STORE_ERROR) p->resp->cache_control = "no-store";
    if (rc != STORE_OK) return;
    tv *o = tv_object(p->arena);
    tv_set_int(o, "id", b.article_id);
    tv_set_text(o, "title", b.title);
    tv_set_text(o, "label", *b.label ? b.label : i18n_translate(p->lang, "Breaking news", NULL, 1));
    tv_set_text(o, "url", urls_article_path(p->arena, b.lang, b.category_slug, b.slug));
    tv_set(p->ctx, "breaking", o);
    page_tag(p, "a%lld", (long long)b.article_id);
    int64_t left = b.until - (int64_t)time(NULL);
    if (left < 1) left = 1;
    const char *policy = p->resp->cache_control ? p->resp->cache_control : CACHE_LISTS;
    if (strcmp(policy, "no-store") != 0 && left < 600)
        p->resp->cache_control = arena_printf(p->arena, "public, max-age=%lld, s-maxage=%lld", (long long)left,
                                              (long long)left);
}

void page_render(page *p, const char *name) {
    buf content;
    buf_init(&content, p->arena);
    render_into(p, name, &content);
    /* Our own templates' output, already escaped where needed. */
    tv_set_html(p->ctx, "content", content.data ? content.data : "");
    tv_set_text(p->ctx, "page_kind", name);
    bool menu_ok;
    tv *menu = footer_menu(p->site->footer, p->arena, p->lang, &menu_ok);
    tv_set(p->ctx, "footer_pages", menu);
    tv_set_bool(p->ctx, "has_footer_pages", menu->as.items.count > 0);
    /* A page without its footer menu is not one to keep. */
    if (!menu_ok) p->resp->cache_control = "no-store";
    add_breaking(p);
    buf_clear(&p->resp->body);
    /* Room for a whole page at once: growing by doubling would allocate
    ** and copy it seven times. */
    buf_reserve(&p->resp->body, 48 * 1024);
    render_into(p, "layout", &p->resp->body);
    p->resp->content_type = "text/html; charset=utf-8";
    /* Lists change often: short for browsers and caches, and a CDN may
    ** serve a stale copy for a while as it fetches the new one. */
    if (!p->resp->cache_control)
        p->resp->cache_control = CACHE_LISTS;
    http_response_header(p->resp, "Content-Security-Policy", p->site->theme->csp);
    http_response_header(p->resp, "Content-Language", p->lang);
    if (!p->untagged) cache_tags_send(p->resp, page_tags(p));
}

void page_render_fragment(page *p, const char *name) {
    buf_clear(&p->resp->body);
    render_into(p, name, &p->resp->body);
    p->resp->content_type = "text/html; charset=utf-8";
    if (!p->resp->cache_control)
        p->resp->cache_control = CACHE_LISTS;
    http_response_header(p->resp, "Content-Security-Policy", p->site->theme->csp);
    if (!p->untagged) cache_tags_send(p->resp, page_tags(p));
}

void page_note_change(page *p, const article *a) {
    int64_t t = a->updated_at > a->published_at ? a->updated_at : a->published_at;
    if (t > p->resp->last_modified) p->resp->last_modified = t;
}

tv *page_article_item(page *p, const article *a) {
    page_note_change(p, a);
    page_tag(p, "a%lld", (long long)a->id);
    tv *item = tv_object(p->arena);
    tv_set_text(item, "title", a->title);
    tv_set_text(item, "subtitle", a->subtitle);
    tv_set_text(item, "url", urls_article_path(p->arena, a->lang, a->category_slug, a->slug));
    tv_set_text(item, "category_name", a->category_name);
    tv_set_text(item, "category_url", urls_category_path(p->arena, a->lang, a->category_slug));
    tv_set_text(item, "date", date_long(p->arena, p->lang, a->published_at));
    tv_set_text(item, "when", date_when(p->arena, p->lang, a->published_at, (int64_t)time(NULL)));
    char iso[40];
    iso8601_format_local(a->published_at, iso, sizeof iso);
    tv_set_text(item, "date_iso", arena_strdup(p->arena, iso));
    /* Whether a live blog's coverage is open: lists say "Live" (the set
    ** changes with the content, which lets go of every page that shows
    ** it). Always set, so that no item takes an enclosing one's. */
    tv_set_bool(item, "live", live_labels_open(p->site->live, a->id));
    if (a->lead_image.id) {
        tv *img = image_value(p->arena, &a->lead_image);
        tv_set_text(img, "alt", page_lead_image_alt(a));
        tv_set(item, "image", img);
    } else {
        /* Said, so that {{#image}} in a list never finds the image of the
        ** story around it (the lead's, on the home page). */
        tv_set_bool(item, "image", false);
    }
    return item;
}

void page_not_found(site *s, http_request *req, http_response *resp, const char *lang) {
    /* An old site's address, moved here by an import. */
    if (old_address_redirect(s, req, resp)) return;
    page p;
    if (!lang || !config_has_language(s->cfg, lang)) lang = s->cfg->default_language;
    resp->status = 404;
    if (!page_init(&p, s, req, resp, lang, NULL)) {
        /* The store failed too: a plain answer still says "not found". */
        resp->content_type = "text/plain; charset=utf-8";
        buf_puts(&resp->body, "Not found.\n");
        return;
    }
    page_meta(&p, i18n_translate(lang, "Page not found", NULL, 1), "", NULL);
    tv_set_bool(p.ctx, "noindex", true);
    resp->cache_control = CACHE_NOT_FOUND;
    /* Under a category's address ("/en/world/..."): purged with the
    ** category, when an article appears there. */
    const char *path = req->path;
    size_t n = strlen(lang);
    if (path[0] == '/' && strncmp(path + 1, lang, n) == 0 && path[1 + n] == '/') {
        const char *cat = path + 2 + n, *end = strchr(cat, '/');
        char slug[SLUG_MAX + 1];
        size_t len = end ? (size_t)(end - cat) : strlen(cat);
        if (len > 0 && len <= SLUG_MAX) {
            memcpy(slug, cat, len);
            slug[len] = '\0';
            if (slug_valid(slug, SLUG_MAX)) page_tag(&p, "cat-%s-%s", lang, slug);
        }
    }
    page_render(&p, "not_found");
}

/* The edition a path is in ("/ru/..." is "ru"), else the default one. */
static const char *path_language(site *s, http_request *req) {
    const char *p = req->path;
    if (p && p[0] == '/' && p[1] && p[2] && (p[3] == '/' || p[3] == '\0')) {
        char code[3] = {p[1], p[2], '\0'};
        for (size_t i = 0; i < s->cfg->language_count; i++)
            if (strcmp(s->cfg->languages[i], code) == 0) return s->cfg->languages[i];
    }
    return s->cfg->default_language;
}

/* The database is away (a PostgreSQL server restarting): a page in the
** site's dress that says to come back, 503 with Retry-After, so that
** browsers, balancers and crawlers try again soon and keep nothing. */
static void page_unavailable(site *s, http_request *req, http_response *resp) {
    const char *lang = path_language(s, req);
    page p;
    resp->status = 503;
    resp->cache_control = "no-store";
    http_response_header(resp, "Retry-After", "5");
    /* Without the database the navigation is empty; the page still stands. */
    (void)page_init(&p, s, req, resp, lang, NULL);
    page_meta(&p, i18n_translate(lang, "Back in a moment", NULL, 1), "", NULL);
    tv_set_bool(p.ctx, "noindex", true);
    tv_set_text(p.ctx, "retry_url", req->path && req->path[0] == '/' && req->path[1] != '/' ? req->path : "/");
    page_render(&p, "unavailable");
}

void page_error(site *s, http_request *req, http_response *resp, const char *what) {
    log_error("%s %s: %s: %s", req->method, req->path, what, store_error(s->store));
    if (store_error_code(s->store) == STORE_UNAVAILABLE) {
        page_unavailable(s, req, resp);
        return;
    }
    resp->status = 500;
    /* Whatever the handler had chosen: an error is kept by no cache. */
    resp->cache_control = "no-store";
    resp->content_type = "text/plain; charset=utf-8";
    buf_clear(&resp->body);
    buf_puts(&resp->body, "The server could not answer this request. Please try again.\n");
}

/*
** An edition's static page for readers, /{lang}/page/{slug}: About us,
** Contacts, Privacy policy... written in the newsroom, linked from the
** footer menu (footer.c) and listed in the sitemap; never in lists, feeds
** or search. A draft is not found. Not counted as a story's view.
*/
#include "cache.h"
#include "page.h"
#include "pages.h"
#include "structured.h"
#include "../core/text.h"
#include "../core/timeutil.h"
#include "../core/urls.h"
#include "../render/dates.h"

void static_page_view(site *s, http_request *req, http_response *resp, const char *lang, const char *slug) {
    static_page sp;
    int rc = store_page_by_slug(s->store, req->arena, lang, slug, true, &sp);
    if (rc == STORE_NOT_FOUND) {
        page_not_found(s, req, resp, lang);
        return;
    }
    page p;
    if (rc != STORE_OK || !page_init(&p, s, req, resp, lang, NULL)) {
        page_error(s, req, resp, "static page");
        return;
    }
    page_tag(&p, "page-%s-%s", lang, slug);
    const char *path = urls_page_path(p.arena, lang, slug);
    const char *title = arena_printf(p.arena, "%s — %s", sp.title, config_site_name(s->cfg, lang));
    const char *description = *sp.description ? sp.description : title;
    page_meta(&p, title, description, path);
    structured_static_page(&p, &sp, title, description, path);
    tv_set_text(p.ctx, "page_title", sp.title);
    /* Our Markdown renderer's output, made when the page was saved. */
    tv_set_html(p.ctx, "body", sp.body_html ? sp.body_html : "");
    char iso[40];
    iso8601_format_local(sp.updated_at, iso, sizeof iso);
    tv_set_text(p.ctx, "updated_iso", iso);
    tv_set_text(p.ctx, "updated", date_long(p.arena, lang, sp.updated_at));
    if (sp.updated_at > resp->last_modified) resp->last_modified = sp.updated_at;
    resp->cache_control = CACHE_ARTICLE;
    page_render(&p, "static_page");
}

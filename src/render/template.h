/*
** Templates: a small logic-less language in the spirit of Mustache, compiled
** once at start-up into a tree and rendered by walking it, so no request
** parses a template.
**
**   {{name}} {{a.b}} {{.}}      a value; text is HTML-escaped, HTML made by
**                               our Markdown renderer (tv_html) is not
**   {{#name}}...{{/name}}       a section: once per list item, once with an
**                               object pushed, or once when the value is true
**   {{^name}}...{{/name}}       rendered when the value is false or empty
**   {{> partial}}               another template of the same set
**   {{_ Text}}                  interface text, translated for the page
**   {{_n count|%d thing|%d things}}
**                               a plural, %d replaced by the count
**   {{! comment}}
**
** There is no way to print a text value unescaped: that is the point.
*/
#ifndef GAZETTE_TEMPLATE_H
#define GAZETTE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "value.h"

typedef struct template template;
typedef struct template_set template_set;

/* Translation hook: returns the text for msgid (or, with a plural, for the
** form that suits n) in the page's language. The result must outlive the
** render call. */
typedef struct template_env {
    const char *(*translate)(void *user, const char *msgid, const char *msgid_plural,
                             int64_t n);
    void *user;
} template_env;

/* An empty set. The caller owns it; template_set_free() releases it. */
template_set *template_set_new(void);
void template_set_free(template_set *set);

/* Parses source (len bytes) and adds it under name. On a syntax error
** returns false with "name:line: why" in err. */
bool template_set_add(template_set *set, const char *name, const char *source, size_t len,
                      char *err, size_t errlen);

/* Resolves partials once every template is added. False (with err) when a
** partial names a template that does not exist. */
bool template_set_link(template_set *set, char *err, size_t errlen);

/* The template called name, or NULL. */
const template *template_set_get(const template_set *set, const char *name);

/* Calls fn for every piece of interface text the set's templates use
** ({{_ ...}} and {{_n ...}}), e.g. to check that catalogues have them. */
typedef void (*template_message_fn)(void *ctx, const char *msgid, const char *msgid_plural);
void template_set_each_message(const template_set *set, template_message_fn fn, void *ctx);

/* The most nodes one render visits (a page visits a few thousand): sections
** over lists and partials that include themselves could otherwise repeat
** work exponentially (a partial included twice by itself, 2^32 times). */
#define TEMPLATE_MAX_RENDER_NODES 1000000
/* The most bytes one render writes (a page is a few hundred kilobytes). */
#define TEMPLATE_MAX_RENDER_BYTES (16 * 1024 * 1024)

/* Renders t with ctx as the root context, appending to out. env may be
** NULL: interface text then stays as written. A render that would visit
** more than TEMPLATE_MAX_RENDER_NODES nodes, or write more than
** TEMPLATE_MAX_RENDER_BYTES, stops there (and logs it): what came before
** is in out. */
void template_render(const template *t, const tv *ctx, const template_env *env, buf *out);

#endif

/* Front matter: "---", YAML, "---", then the body. */
#include "frontmatter.h"
#include "../core/text.h"
#include "../core/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

/* Finds the end of the line starting at p; *next gets the next line. */
static const char *line_end(const char *p, const char *end, const char **next) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    if (e > p && e[-1] == '\r') e--;
    return e;
}

static bool is_line(const char *p, const char *e, const char *word) {
    size_t n = strlen(word);
    return (size_t)(e - p) == n && memcmp(p, word, n) == 0;
}

/* Splits text into the YAML between the "---" lines and the body after. */
static bool split(const char *text, size_t len, const char **yaml, size_t *yaml_len,
                  const char **body, char *err, size_t errlen) {
    const char *p = text, *end = text + len, *next;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* byte order mark */
    const char *e = line_end(p, end, &next);
    if (!is_line(p, e, "---")) {
        snprintf(err, errlen, "front matter: the file must start with a line '---'");
        return false;
    }
    *yaml = next;
    for (p = next; p < end; p = next) {
        e = line_end(p, end, &next);
        if (is_line(p, e, "---") || is_line(p, e, "...")) {
            *yaml_len = (size_t)(p - *yaml);
            *body = next;
            return true;
        }
    }
    snprintf(err, errlen, "front matter: no closing '---' line");
    return false;
}

/* A scalar's text, or NULL for an empty or null scalar. */
static const char *scalar(arena *a, yaml_node_t *n) {
    const char *v = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        (len == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0))
        return NULL;
    return arena_strndup(a, v, len);
}

/* Reads tags: a list of scalars, or one scalar. */
static bool read_tags(arena *a, yaml_document_t *doc, yaml_node_t *v, article_input *in,
                      char *err, size_t errlen) {
    if (v->type == YAML_SCALAR_NODE) {
        const char *t = scalar(a, v);
        if (!t) return true;
        in->tags = arena_alloc(a, sizeof *in->tags);
        in->tags[0] = t;
        in->tag_count = 1;
        return true;
    }
    if (v->type != YAML_SEQUENCE_NODE) {
        snprintf(err, errlen, "field 'tags': must be a list such as [economy, ferries]");
        return false;
    }
    size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    in->tags = arena_alloc(a, (n ? n : 1) * sizeof *in->tags);
    in->tag_count = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(doc, *it);
        const char *t = item && item->type == YAML_SCALAR_NODE ? scalar(a, item) : NULL;
        if (!t) {
            snprintf(err, errlen, "field 'tags': every tag must be a non-empty text");
            return false;
        }
        in->tags[in->tag_count++] = t;
    }
    return true;
}

/* Stores one key of the front matter into in. */
static bool read_field(arena *a, yaml_document_t *doc, const char *key, yaml_node_t *v,
                       article_input *in, char *err, size_t errlen) {
    if (strcmp(key, "tags") == 0) return read_tags(a, doc, v, in, err, errlen);
    if (v->type != YAML_SCALAR_NODE) {
        snprintf(err, errlen, "field '%s': must be a single value, not a list or mapping", key);
        return false;
    }
    const char *value = scalar(a, v);
    if (strcmp(key, "title") == 0) in->title = value;
    else if (strcmp(key, "subtitle") == 0) in->subtitle = value;
    else if (strcmp(key, "lang") == 0) in->lang = value;
    else if (strcmp(key, "category") == 0) in->category_slug = value;
    else if (strcmp(key, "author") == 0) in->author = value;
    else if (strcmp(key, "slug") == 0) in->slug = value;
    else if (strcmp(key, "translation_key") == 0) in->translation_key = value;
    /* Search and social overrides; article_prepare checks them. */
    else if (strcmp(key, "seo_title") == 0) in->seo_title = value;
    else if (strcmp(key, "seo_description") == 0) in->seo_description = value;
    else if (strcmp(key, "canonical_url") == 0) in->canonical_url = value;
    else if (strcmp(key, "status") == 0) {
        article_workflow w;
        if (!workflow_parse(value, &w)) {
            snprintf(err, errlen,
                     "field 'status': must be published, draft, review, scheduled or unpublished");
            return false;
        }
        in->workflow = w;
        in->status = w == WF_PUBLISHED || w == WF_SCHEDULED ? ARTICLE_PUBLISHED : ARTICLE_DRAFT;
    } else if (strcmp(key, "date") == 0) {
        if (!value || !iso8601_parse(value, &in->published_at)) {
            snprintf(err, errlen,
                     "field 'date': must be an ISO 8601 date and time with an offset,"
                     " e.g. 2026-02-14T16:50:00+04:00");
            return false;
        }
    } else {
        snprintf(err, errlen, "field '%.60s': unknown field", key);
        return false;
    }
    return true;
}

/* Walks the front matter mapping. */
static bool read_mapping(arena *a, yaml_document_t *doc, article_input *in, char *err,
                         size_t errlen) {
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        snprintf(err, errlen, "front matter: must be a YAML mapping of fields");
        return false;
    }
    bool seen_date = false;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE) {
            snprintf(err, errlen, "front matter: every key must be a plain name");
            return false;
        }
        const char *key = (const char *)k->data.scalar.value;
        if (strcmp(key, "date") == 0) seen_date = true;
        if (!read_field(a, doc, key, v, in, err, errlen)) return false;
    }
    if (!in->title) {
        snprintf(err, errlen, "field 'title': is required");
        return false;
    }
    if (!seen_date) {
        snprintf(err, errlen, "field 'date': is required (e.g. 2026-02-14T16:50:00+04:00)");
        return false;
    }
    return true;
}

bool frontmatter_parse(arena *a, const char *text, size_t len, article_input *in, char *err,
                       size_t errlen) {
    memset(in, 0, sizeof *in);
    in->status = ARTICLE_PUBLISHED;
    const char *yaml, *body;
    size_t yaml_len;
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "file: contains NUL bytes; not a text file");
        return false;
    }
    if (!split(text, len, &yaml, &yaml_len, &body, err, errlen)) return false;
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errlen, "front matter: cannot start the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, yaml_len);
    bool ok;
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errlen, "front matter: YAML error at line %zu: %s",
                 parser.problem_mark.line + 2, parser.problem ? parser.problem : "?");
        ok = false;
    } else {
        ok = read_mapping(a, &doc, in, err, errlen);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (ok) in->body_markdown = arena_strndup(a, body, (size_t)(text + len - body));
    return ok;
}

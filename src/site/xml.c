/* XML output through libxml2. See xml.h. */
#include "xml.h"
#include "../core/fatal.h"
#include "../core/text.h"

#include <libxml/xmlwriter.h>
#include <string.h>

/* s with the characters XML 1.0 forbids (and broken UTF-8) replaced by
** U+FFFD; s itself when it is clean. */
static const char *clean(arena *a, const char *s) {
    if (!s) return "";
    size_t len = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    bool dirty = false;
    for (size_t i = 0; i < len && !dirty;) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (!n || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) dirty = true;
        i += n ? n : 1;
    }
    if (!dirty) return s;
    buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (!n || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF)
            buf_puts(&b, "\xEF\xBF\xBD");
        else
            buf_append(&b, p + i, n);
        i += n ? n : 1;
    }
    return b.data;
}

static void check(int rc) {
    if (rc < 0) fatal("libxml2: cannot write XML");
}

void xml_start(xml_out *x, arena *a) {
    x->arena = a;
    x->buffer = xmlBufferCreate();
    if (!x->buffer) fatal_oom();
    x->writer = xmlNewTextWriterMemory(x->buffer, 0);
    if (!x->writer) fatal_oom();
    check(xmlTextWriterStartDocument(x->writer, "1.0", "UTF-8", NULL));
}

void xml_open(xml_out *x, const char *name) {
    check(xmlTextWriterStartElement(x->writer, (const xmlChar *)name));
}

void xml_attr(xml_out *x, const char *name, const char *value) {
    check(xmlTextWriterWriteAttribute(x->writer, (const xmlChar *)name,
                                      (const xmlChar *)clean(x->arena, value)));
}

void xml_text(xml_out *x, const char *text) {
    check(xmlTextWriterWriteString(x->writer, (const xmlChar *)clean(x->arena, text)));
}

void xml_element(xml_out *x, const char *name, const char *text) {
    check(xmlTextWriterWriteElement(x->writer, (const xmlChar *)name,
                                    (const xmlChar *)clean(x->arena, text)));
}

void xml_close(xml_out *x) { check(xmlTextWriterEndElement(x->writer)); }

void xml_finish(xml_out *x, buf *out) {
    check(xmlTextWriterEndDocument(x->writer));
    xmlFreeTextWriter(x->writer);
    buf_append(out, xmlBufferContent(x->buffer), (size_t)xmlBufferLength(x->buffer));
    xmlBufferFree(x->buffer);
}

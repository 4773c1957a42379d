/*
** Writing XML (feeds, sitemaps) with libxml2's text writer, which escapes
** text and attributes. Text is cleaned first of characters XML 1.0 does not
** allow (most control characters), so that any article makes a valid
** document. Elements are closed in order; xml_finish closes what is open.
*/
#ifndef GAZETTE_XML_H
#define GAZETTE_XML_H

#include "../core/arena.h"
#include "../core/buf.h"

typedef struct xml_out {
    void *buffer; /* xmlBufferPtr */
    void *writer; /* xmlTextWriterPtr */
    arena *arena;
} xml_out;

/* Starts a document (<?xml version="1.0" encoding="UTF-8"?>). */
void xml_start(xml_out *x, arena *a);
void xml_open(xml_out *x, const char *name);
void xml_attr(xml_out *x, const char *name, const char *value);
void xml_text(xml_out *x, const char *text);
/* <name>text</name> */
void xml_element(xml_out *x, const char *name, const char *text);
void xml_close(xml_out *x);
/* Ends the document, appends it to out and frees the writer. */
void xml_finish(xml_out *x, buf *out);

#endif

/*
** WordPress shortcodes in a post's content, turned into elements the body
** converter (body.c) knows, before the HTML is parsed:
**
**   [caption ...]<img ...> Text[/caption]  <figure>...<figcaption>Text</figcaption></figure>
**   [gallery ids="1,2"]                   <gz-gallery data-ids="1,2"> (no ids: the post's own images)
**   [embed]URL[/embed], [youtube URL]     <gz-embed data-url="URL">
**   [video src=URL], [audio mp3=URL]      <gz-media data-kind="video" data-url="URL">
**
** (also wp_caption, [youtube=URL], [youtube id=ID], and the media
** shortcodes' other format attributes). Attribute values are escaped into
** the new elements; nothing from them is pasted as markup. Any other
** shortcode stays as the text it is (as WordPress shows one it does not
** know), and is noted in the report; [[name]] is the literal text [name].
** Bounded: content past WP_SHORTCODE_CONTENT_MAX bytes of one enclosing
** shortcode is not searched for its end, and shortcodes nest at most
** WP_SHORTCODE_DEPTH deep.
*/
#ifndef GAZETTE_WP_SHORTCODES_H
#define GAZETTE_WP_SHORTCODES_H

#include "report.h"

#define WP_SHORTCODE_CONTENT_MAX (256 * 1024)
#define WP_SHORTCODE_DEPTH 4
#define WP_GALLERY_MAX 100

/* content (len bytes) with its shortcodes expanded, in a (NUL-terminated).
** Notes go to r (may be NULL). */
const char *wp_shortcodes_expand(arena *a, const char *content, size_t len, wp_report *r);

#endif

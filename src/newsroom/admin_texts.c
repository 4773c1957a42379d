/* The words of the newsroom's scripts: admin.js (autosave, presence,
** restore, the authors' list, copying) and the editor's bundle
** (themes/default/newsroom/src: toolbar, dialogs, counts, figures). They
** are the catalogues' messages like any other; the layout hands them to
** the scripts in the page's language as one JSON object on <body
** data-texts> (escaped by the template engine):
**
**   {"texts": {"Bold": "Полужирный", ...},
**    "plurals": {"%d word": ["%d слово", "%d слова", "%d слов"], ...},
**    "forms": "2012222222..."}
**
** "texts" and "plurals" hold only what the catalogue translates otherwise
** than the English (the scripts fall back to their English); "forms" is
** the form the catalogue's Plural-Forms choose for n = 0..199, and for a
** larger n the scripts look at 100 + n % 100 (every rule of gettext's
** languages depends on n % 100 and on small n alone). Every text a script
** shows must be listed here (tests/http/newsroom-languages.test.mjs reads
** the scripts and checks). */
#include "admin_page.h"
#include "../render/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const texts[] = {
    /* admin.js */
    N_("Save anyway and replace what they save?"),
    N_("Signed out: your text is kept in this browser; %s."),
    N_("sign in again"),
    N_("Draft saved %s"),
    N_("The server did not keep the draft; it is kept in this browser."),
    N_("Offline: kept in this browser"),
    N_("Offline, and this browser cannot keep the text"),
    N_("saved on the server"),
    N_("this browser"),
    N_("You took over editing at %s in another tab; your text is kept as a draft."),
    N_("%s took over editing at %s; your text is kept as a draft."),
    N_("You have this article open in another tab."),
    N_("Copied"),
    N_("Authors, in order"),
    N_("Add an author by name"),
    N_("Add author"),
    N_("Move %s up"),
    N_("Move %s down"),
    N_("Remove"),
    N_("Remove %s"),
    N_("%s moved up"),
    N_("%s moved down"),
    N_("%s removed"),
    N_("%s added"),
    /* the editor: toolbar */
    N_("Bold"),
    N_("Italic"),
    N_("Link"),
    N_("Heading"),
    N_("Quote"),
    N_("Bulleted list"),
    N_("Numbered list"),
    N_("Image"),
    N_("Embed"),
    N_("Undo"),
    N_("Redo"),
    N_("Formatting"),
    N_("Markdown"),
    N_("Show the Markdown source"),
    /* the editor: text, links, embeds */
    N_("Text"),
    N_("Text (Markdown source)"),
    N_("The credit is saved with the image."),
    N_("Embed a post or video"),
    N_("Link (YouTube, X, Instagram, Facebook, Telegram, or any page)"),
    N_("Give the full link, starting with https://"),
    N_("Change the link"),
    N_("Add a link"),
    N_("Address"),
    N_("Leave empty to remove the link."),
    N_("Text to show"),
    N_("Apply"),
    N_("Add link"),
    N_("Give an address starting with https://, mailto: or /"),
    N_("Uploaded: add alt text to the image."),
    N_("An image has no alt text: describe it before publishing."),
    N_("Cancel"),
    /* the editor: counts */
    N_("title %d/%d characters"),
    N_("(search results cut it)"),
    /* the editor: images */
    N_("You are signed out: sign in again in another tab, then retry."),
    N_("The upload failed (%d)."),
    N_("The credit was not saved (%d)."),
    N_("The image library cannot be read (%d)."),
    N_("Images in the library"),
    N_("Upload an image (JPEG, PNG, WebP)"),
    N_("Or choose one from the library"),
    N_("Loading the library…"),
    N_("The library is empty: upload an image."),
    N_("Uploading…"),
    N_("Uploaded."),
    N_("Edit the image"),
    N_("Insert an image"),
    N_("Alt text (what the image shows, for readers who cannot see it)"),
    N_("Required to publish."),
    N_("Caption"),
    N_("Credit (kept with the image in the library)"),
    N_("Insert"),
    N_("Choose or upload an image first."),
    /* the editor: figures and embeds */
    N_("YouTube video"),
    N_("Post on X"),
    N_("Instagram post"),
    N_("Facebook post"),
    N_("Telegram post"),
    N_("Link card"),
    N_("No alt text: describe the image before publishing."),
    N_("Edit image"),
    N_("Edit image: %s"),
    N_("Edit image (no alt text)"),
};

static const struct {
    const char *one, *other;
} plurals[] = {
    {NP_("%s is editing this article.", "%s are editing this article.")},
    {NP_("Uploading %d image…", "Uploading %d images…")},
    {NP_("%d word", "%d words")},
    {NP_("%d min read", "%d min read")},
};

/* The n of "forms" the scripts look up directly (see above). */
#define FORMS_TABLE 200

const char *admin_script_texts(admin_page *p) {
    json_t *o = json_object(), *words = json_object(), *forms = json_object();
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *t = i18n_translate(p->lang, texts[i], NULL, 1);
        if (strcmp(t, texts[i]) != 0) json_object_set_new(words, texts[i], json_string(t));
    }
    for (size_t i = 0; i < sizeof plurals / sizeof plurals[0]; i++) {
        const char *got[6];
        int n = i18n_plural_forms(p->lang, plurals[i].one, plurals[i].other, got, 6);
        if (n == 2 && strcmp(got[0], plurals[i].one) == 0 && strcmp(got[1], plurals[i].other) == 0) continue;
        json_t *list = json_array();
        for (int k = 0; k < n; k++) json_array_append_new(list, json_string(got[k]));
        if (n) json_object_set_new(forms, plurals[i].one, list);
        else json_decref(list);
    }
    char table[FORMS_TABLE + 1];
    for (int n = 0; n < FORMS_TABLE; n++) {
        int form = i18n_plural_index(p->lang, (uint64_t)n);
        table[n] = (char)('0' + (form >= 0 && form <= 9 ? form : 0));
    }
    table[FORMS_TABLE] = '\0';
    json_object_set_new(o, "texts", words);
    json_object_set_new(o, "plurals", forms);
    json_object_set_new(o, "forms", json_string(table));
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    const char *out = arena_strdup(p->arena, text ? text : "{}");
    free(text);
    return out;
}

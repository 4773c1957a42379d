/* The demo's lead graphics: the shared drawing and the key-figure card.
** See demo_graphics.h. */
#include "demo_graphics.h"
#include "../core/text.h"
#include "../render/escape.h"
#include "../render/i18n.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The longest sentence a key-figure card quotes, in characters. */
#define FIGURE_SENTENCE_MAX 150
/* The longest caption it has (the whole sentence, mostly). */
#define FIGURE_CAPTION_MAX 280

const char *demo_category_colour(const char *slug) {
    static const struct {
        const char *slug, *colour;
    } colours[] = {
        {"politics", "#a4161a"}, {"economy", "#1d5c96"},  {"analytics", "#5b3f8c"}, {"society", "#2b7a57"},
        {"culture", "#a8521c"},  {"sport", "#0b7285"},    {"technology", "#3b4a9c"}, {"world", "#7b5a14"},
    };
    for (size_t i = 0; slug && i < sizeof colours / sizeof colours[0]; i++)
        if (strcmp(colours[i].slug, slug) == 0) return colours[i].colour;
    return "#44474f";
}

void demo_svg_begin(buf *svg, const char *background) {
    buf_printf(svg,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
               "<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>",
               DEMO_GRAPHIC_WIDTH, DEMO_GRAPHIC_HEIGHT, DEMO_GRAPHIC_WIDTH, DEMO_GRAPHIC_HEIGHT, DEMO_GRAPHIC_WIDTH,
               DEMO_GRAPHIC_HEIGHT, background);
}

void demo_svg_text(buf *svg, int x, int y, int size, const char *font, const char *weight, const char *fill,
                   const char *anchor, const char *text) {
    buf_printf(svg,
               "<text x=\"%d\" y=\"%d\" font-family=\"DejaVu %s\" font-size=\"%d\" font-weight=\"%s\" fill=\"%s\" "
               "text-anchor=\"%s\">",
               x, y, strcmp(font, "serif") == 0 ? "Serif" : "Sans", size, weight, fill, anchor);
    html_escape(svg, text);
    buf_puts(svg, "</text>");
}

/* The byte length of text's first n characters (all of it when shorter). */
static size_t chars_bytes(const char *text, size_t n) {
    size_t i = 0;
    for (size_t count = 0; text[i] && count < n; count++) {
        i++;
        while ((text[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

const char *demo_text_cut(arena *a, const char *text, size_t max) {
    if (utf8_length(text) <= max) return text;
    size_t end = chars_bytes(text, max > 1 ? max - 1 : 0), space = end;
    while (space > 0 && text[space] != ' ') space--;
    if (space > end / 2) end = space;
    while (end > 0 && strchr(" ,;:-", text[end - 1])) end--;
    return arena_printf(a, "%.*s…", (int)end, text);
}

size_t demo_text_wrap(arena *a, const char *text, size_t width, const char **lines, size_t max_lines) {
    size_t n = 0;
    while (*text == ' ') text++;
    while (*text && n < max_lines) {
        if (n == max_lines - 1 || utf8_length(text) <= width) {
            lines[n++] = demo_text_cut(a, text, width);
            break;
        }
        size_t end = chars_bytes(text, width), space = end;
        while (space > 0 && text[space] != ' ') space--;
        if (space == 0) space = end; /* one long word: broken where it must be */
        lines[n++] = arena_strndup(a, text, space);
        text += space;
        while (*text == ' ') text++;
    }
    return n;
}

char *demo_plain_text(arena *a, const char *line, size_t len) {
    buf out;
    buf_init(&out, a);
    for (size_t i = 0; i < len; i++) {
        char c = line[i];
        if (c == '*' || c == '_' || c == '`' || c == '\\') continue;
        if (c == ']' && i + 1 < len && line[i + 1] == '(') {
            const char *close = memchr(line + i, ')', len - i);
            if (close) i = (size_t)(close - line);
            continue;
        }
        if (c == '[') continue;
        buf_putc(&out, c);
    }
    buf_putc(&out, '\0');
    return trim(out.data);
}

/* Words that make a figure's unit longer ("billion manats", "per cent"). */
static bool magnitude_word(const char *word, size_t len) {
    static const char *const words[] = {"billion", "million", "thousand", "per", "млрд", "млн", "тыс",
                                        "миллиарда", "миллиардов", "миллиона", "миллионов", "тысячи",
                                        "тысяч", "milyard", "milyon", "min"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], word, len) == 0) return true;
    return false;
}

/* The length of a word at s: up to a space, an ASCII punctuation mark or
** a guillemet. */
static size_t word_length(const char *s) {
    size_t n = 0;
    while (s[n] && !strchr(" ,.;:!?()\"", s[n]) && !starts_with(s + n, "«") && !starts_with(s + n, "»")) n++;
    return n;
}

/* Words after a number that are not its unit ("94 to 11", "21 instead",
** "at 18 should"): function words and auxiliary verbs. */
static bool stop_word(const char *word, size_t len) {
    static const char *const words[] = {"to", "and", "or", "of", "in", "on", "at", "the", "for", "from", "with",
                                        "than", "instead", "more", "less", "over", "out", "should", "would", "could",
                                        "will", "can", "may", "must", "might", "is", "are", "was", "were", "has",
                                        "have", "had", "be", "not", "who", "which", "that", "as", "by",
                                        "и", "или", "в", "на",
                                        "до", "из", "по", "с", "və", "ilə", "da", "də"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], word, len) == 0) return true;
    return false;
}

/* True when the word describes what the number counts rather than names
** it ("15 working days", "19 major ports", "240 городских школ", "140
** meteoroloji stansiya"): the word after it joins the unit. By English
** words and endings, Russian adjectives' endings and Azerbaijani
** adjectives' suffixes. */
static bool describing_word(const char *word, size_t len) {
    static const char *const words[] = {"major", "minor", "private", "public", "fake", "new", "old", "local",
                                        "small", "large", "big", "foreign", "extra", "young", "dollar"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], word, len) == 0) return true;
    static const char *const endings[] = {"ing", "al", "ive", "ous", "ых", "их", "ый", "ий", "ая", "ое",
                                          "loji", "li", "lı", "lu", "lü"};
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t n = strlen(endings[i]);
        if (len > n + 1 && memcmp(word + len - n, endings[i], n) == 0) return true;
    }
    return false;
}

/* True when the word names a month ("14 October", "14 октября",
** "18 sentyabrda"): the number before it is a date, not a figure. */
static bool month_word(const char *word, size_t len) {
    static const char *const stems[] = {
        "January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
        "December", "январ", "феврал", "марта", "апрел", "мая", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
        "декабр", "yanvar", "fevral", "mart", "aprel", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
        "dekabr"};
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        size_t n = strlen(stems[i]);
        if (len >= n && memcmp(stems[i], word, n) == 0) return true;
    }
    /* May, whose stem is too short to go by ("мая" is above; "май" and
    ** Azerbaijani's forms whole). */
    static const char *const whole[] = {"May", "май", "may", "mayda", "maydan", "mayın"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (strlen(whole[i]) == len && memcmp(whole[i], word, len) == 0) return true;
    return false;
}

/* Finds in sentence a figure worth setting large: a number that is not a
** year, with its unit ("38.6 billion manats", "41 per cent", "58%").
** Returns it in a, or NULL. */
static const char *find_figure(arena *a, const char *sentence) {
    for (const char *p = sentence; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > sentence && (isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == ',')))
            continue;
        const char *q = p;
        while (isdigit((unsigned char)*q) || ((*q == '.' || *q == ',') && isdigit((unsigned char)q[1]))) q++;
        size_t digits = (size_t)(q - p);
        bool percent = *q == '%';
        if (percent) q++;
        /* A year, a day of the month or a list number is not a figure. */
        long value = strtol(p, NULL, 10);
        if (!percent && digits == 4 && value >= 1900 && value <= 2100) { p = q - 1; continue; }
        if (!percent && *q != ' ') { p = q - 1; continue; }
        const char *end = q;
        if (!percent) {
            const char *w = q + 1;
            size_t n = word_length(w);
            if (n == 0 || month_word(w, n) || (!islower((unsigned char)*w) && (unsigned char)*w < 0x80) ||
                stop_word(w, n)) {
                p = q - 1;
                continue;
            }
            end = w + n;
            if (magnitude_word(w, n) && *end == ' ') {
                size_t m = word_length(end + 1);
                if (m > 0) {
                    w = end + 1;
                    n = m;
                    end = w + n;
                }
            }
            /* "15 working" says less than "15 working days". */
            if (describing_word(w, n) && *end == ' ') {
                const char *next = end + 1;
                size_t m = word_length(next);
                if (m > 0 && (islower((unsigned char)*next) || (unsigned char)*next >= 0x80) && !stop_word(next, m))
                    end = next + m;
            }
        }
        size_t chars = utf8_length(arena_strndup(a, p, (size_t)(end - p)));
        if (chars > 22 || digits < 2) { p = q - 1; continue; }
        return arena_strndup(a, p, (size_t)(end - p));
    }
    return NULL;
}

/* The next sentence of text at *at (advancing it), in a; NULL at the end. */
static const char *next_sentence(arena *a, const char **at) {
    const char *s = *at;
    while (*s == ' ') s++;
    if (!*s) return NULL;
    const char *e = s;
    while (*e && !((*e == '.' || *e == '!' || *e == '?') && (e[1] == ' ' || e[1] == '\0'))) e++;
    if (*e) e++;
    *at = e;
    return arena_strndup(a, s, (size_t)(e - s));
}

/* The story's first sentence with a figure in it (in its subtitle, then,
** unless lead_only, in the body's paragraphs), and the figure. */
static bool story_figure(arena *a, const article_input *in, bool lead_only, const char **figure,
                         const char **sentence) {
    const char *sources[2] = {in->subtitle ? in->subtitle : "", in->body_markdown ? in->body_markdown : ""};
    for (int k = 0; k < (lead_only ? 1 : 2); k++) {
        for (const char *line = sources[k]; *line;) {
            size_t len = strcspn(line, "\n");
            /* Headings, tables, quotes and lists are not sentences. */
            if (len && !strchr("#|>-*!<", *line) && !isdigit((unsigned char)*line)) {
                const char *text = demo_plain_text(a, line, len), *at = text, *one;
                while ((one = next_sentence(a, &at)) != NULL)
                    if ((*figure = find_figure(a, one)) != NULL) {
                        *sentence = one;
                        return true;
                    }
            }
            line += len;
            if (*line) line++;
        }
    }
    return false;
}

/* At most max characters of sentence that show figure: its start when the
** figure is there, else from a word's start some way before the figure,
** after an ellipsis (in a). */
static const char *excerpt(arena *a, const char *sentence, const char *figure, size_t max) {
    const char *at = strstr(sentence, figure);
    size_t before = at ? utf8_length(arena_strndup(a, sentence, (size_t)(at - sentence))) : 0;
    if (!at || before + utf8_length(figure) + 20 <= max) return demo_text_cut(a, sentence, max);
    /* Some forty characters of what leads to the figure. */
    const char *from = at;
    for (size_t chars = 0; from > sentence && chars < 40; chars++) {
        from--;
        while (from > sentence && (*from & 0xC0) == 0x80) from--;
    }
    while (from > sentence && from[-1] != ' ') from--;
    return demo_text_cut(a, arena_printf(a, "…%s", from), max);
}

/* The key-figure card: the figure large on the category's colour, with
** the sentence it comes from. */
static bool figure_draw(arena *a, const article_input *in, const char *category_name, bool lead_only,
                        demo_graphic *out) {
    const char *figure, *sentence;
    if (!story_figure(a, in, lead_only, &figure, &sentence)) return false;
    const char *colour = demo_category_colour(in->category_slug);
    buf svg;
    buf_init(&svg, a);
    demo_svg_begin(&svg, colour);
    /* Rings in the corner: the card's mark, drawn fainter than the text. */
    for (int r = 160; r <= 520; r += 90)
        buf_printf(&svg, "<circle cx=\"1090\" cy=\"700\" r=\"%d\" fill=\"none\" stroke=\"#ffffff\" "
                         "stroke-opacity=\"%.2f\" stroke-width=\"%d\"/>", r, 0.14 - r / 5000.0, 30 - r / 20);
    buf_puts(&svg, "<rect x=\"64\" y=\"100\" width=\"64\" height=\"7\" fill=\"#ffffff\"/>");
    demo_svg_text(&svg, 64, 152, 30, "sans", "700", "#ffffff", "start", category_name);
    /* As large as fits the card's width (DejaVu Sans Bold's figures and
    ** letters are about 0.64 of the size wide). */
    int size = (int)(1060 / (utf8_length(figure) * 0.64));
    if (size > 150) size = 150;
    demo_svg_text(&svg, 60, 200 + size, size, "sans", "700", "#ffffff", "start", figure);
    const char *lines[3];
    size_t n = demo_text_wrap(a, excerpt(a, sentence, figure, FIGURE_SENTENCE_MAX), 46, lines, 3);
    for (size_t i = 0; i < n; i++)
        demo_svg_text(&svg, 64, 440 + size - 112 + (int)i * 54, 38, "serif", "400", "#ffffff", "start", lines[i]);
    demo_svg_text(&svg, 64, 740, 22, "sans", "400", "#ffffff", "start", "Gazette demo · CC0");
    buf_puts(&svg, "</svg>");
    out->svg = svg.data;
    out->svg_len = svg.len;
    out->alt = i18n_printf(a, in->lang, N_("Graphic: the figure %s, with the sentence of the story it comes from"),
                           figure);
    out->caption = demo_text_cut(a, sentence, FIGURE_CAPTION_MAX);
    return true;
}

bool demo_graphic_draw(arena *a, const article_input *in, const char *category_name, demo_graphic *out) {
    memset(out, 0, sizeof *out);
    if (!in->lang || !in->category_slug || !in->title) return false;
    /* The story's table, else the figure of its lead, else the place its
    ** headline or lead names, else a figure of its text. */
    bool drawn = demo_chart_draw(a, in, category_name, out) || figure_draw(a, in, category_name, true, out) ||
                 demo_map_draw(a, in, category_name, out) || figure_draw(a, in, category_name, false, out);
    if (drawn) out->credit = i18n_printf(a, in->lang, N_("Graphic: Gazette demo, CC0"));
    return drawn;
}

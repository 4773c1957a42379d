/* The demo's locator maps: the Caspian region, drawn here from a coarse
** outline of its coast and rivers (our own approximate points, a few per
** degree), with the place a story names marked. See demo_graphics.h. */
#include "demo_graphics.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <math.h>
#include <string.h>

/* The map fills the right of the card: from longitude 43.3 E and
** latitude 47.9 N, 66 pixels a degree of latitude, degrees of longitude
** shortened by the cosine of the region's middle latitude (42 N). */
#define MAP_LEFT 560
#define LON0 43.3
#define LAT0 47.9
#define PX_PER_LAT 66.0
#define PX_PER_LON (PX_PER_LAT * 0.743)

typedef struct point {
    double lon, lat;
} point;

/* The Caspian Sea's coast, clockwise from the Terek's mouth. */
static const point caspian[] = {
    {46.9, 44.6}, {47.3, 45.3}, {47.7, 45.7}, {48.3, 45.9}, {49.0, 46.1}, {49.6, 46.4}, {50.4, 46.7},
    {51.2, 46.95}, {51.9, 47.0}, {52.6, 46.8}, {53.2, 46.3}, {53.0, 45.6}, {52.2, 45.4}, {51.4, 45.3},
    {51.0, 44.9}, {50.3, 44.6}, {50.9, 44.1}, {51.2, 43.6}, {51.4, 43.2}, {51.9, 42.8}, {52.5, 42.3},
    {52.7, 41.8}, {52.9, 41.3}, {52.8, 40.7}, {53.0, 40.1}, {52.9, 39.6}, {53.2, 39.2}, {53.6, 38.8},
    {53.9, 37.6}, {54.0, 37.3}, {53.9, 36.9}, {53.4, 36.85}, {52.6, 36.7}, {51.8, 36.65}, {51.0, 36.85},
    {50.4, 37.15}, {49.9, 37.45}, {49.4, 37.5}, {49.0, 37.65}, {48.9, 38.0}, {48.9, 38.45}, {48.85, 38.8},
    {49.0, 39.1}, {49.3, 39.3}, {49.4, 39.6}, {49.4, 40.0}, {49.6, 40.2}, {49.9, 40.35}, {50.2, 40.35},
    {50.4, 40.45}, {50.1, 40.55}, {49.7, 40.6}, {49.4, 40.75}, {49.1, 41.1}, {48.8, 41.4}, {48.5, 41.8},
    {48.3, 42.1}, {47.9, 42.5}, {47.5, 43.0}, {47.5, 43.5}, {47.2, 44.0},
};
/* The Kara-Bogaz-Gol lagoon on the eastern shore. */
static const point lagoon[] = {{53.0, 41.6}, {53.6, 41.9}, {54.5, 41.6}, {54.6, 41.1},
                               {54.0, 40.8}, {53.3, 41.0}, {53.05, 41.2}};
/* The Kura from Tbilisi to the sea, and the Aras that joins it. */
static const point kura[] = {{44.8, 41.7}, {45.5, 41.3}, {46.3, 41.0}, {47.0, 40.8}, {47.6, 40.4},
                             {48.3, 40.0}, {48.5, 39.9}, {48.9, 39.6}, {49.25, 39.35}};
static const point aras[] = {{44.6, 39.8}, {45.4, 39.3}, {46.0, 38.9}, {46.8, 38.9}, {47.8, 39.6}, {48.4, 39.95}};

/* A place the demo's stories name: where it is, its name in each
** edition's language, and how each writes it in a story (a stem, so that
** "Ganja's", "Гяндже" and "Gəncədə" are found). */
typedef struct place {
    double lat, lon;
    const char *name[3]; /* en, ru, az */
    const char *stem[3];
} place;

static const place places[] = {
    {40.41, 49.87, {"Baku", "Баку", "Bakı"}, {"Baku", "Баку", "Bakı"}},
    {40.59, 49.67, {"Sumgait", "Сумгаит", "Sumqayıt"}, {"Sumgait", "Сумгаит", "Sumqayıt"}},
    {40.68, 46.36, {"Ganja", "Гянджа", "Gəncə"}, {"Ganja", "Гяндж", "Gəncə"}},
    {41.19, 47.17, {"Sheki", "Шеки", "Şəki"}, {"Sheki", "Шеки", "Şəki"}},
    {38.75, 48.85, {"Lankaran", "Ленкорань", "Lənkəran"}, {"Lankaran", "Ленкоран", "Lənkəran"}},
    {40.63, 48.64, {"Shamakhi", "Шамахы", "Şamaxı"}, {"Shamakhi", "Шамах", "Şamaxı"}},
    {40.65, 47.74, {"Goychay", "Гёйчай", "Göyçay"}, {"Goychay", "Гёйчай", "Göyçay"}},
    {39.38, 49.25, {"Neftchala", "Нефтечала", "Neftçala"}, {"Neftchala", "Нефтечал", "Neftçala"}},
    {40.76, 47.06, {"Mingachevir", "Мингечевир", "Mingəçevir"}, {"Mingachevir", "Мингечевир", "Mingəçevir"}},
    {40.45, 50.05, {"Absheron", "Абшерон", "Abşeron"}, {"Absheron", "Абшерон", "Abşeron"}},
    {43.65, 51.17, {"Aktau", "Актау", "Aktau"}, {"Aktau", "Актау", "Aktau"}},
    {41.72, 44.79, {"Tbilisi", "Тбилиси", "Tbilisi"}, {"Tbilisi", "Тбилиси", "Tbilisi"}},
    {39.21, 45.41, {"Nakhchivan", "Нахчыван", "Naxçıvan"}, {"Nakhchivan", "Нахчыван", "Naxçıvan"}},
    {38.46, 48.87, {"Astara", "Астара", "Astara"}, {"Astara", "Астар", "Astara"}},
};
/* Marked on every map for bearings: Baku, Aktau, Tbilisi. */
static const size_t landmarks[] = {0, 10, 11};

/* The index of an edition's language among a place's names. */
static int language_index(const char *lang) {
    return strcmp(lang, "ru") == 0 ? 1 : strcmp(lang, "az") == 0 ? 2 : 0;
}

static double map_x(double lon) { return MAP_LEFT + (lon - LON0) * PX_PER_LON; }
static double map_y(double lat) { return (LAT0 - lat) * PX_PER_LAT; }

/* Appends the points of a line as an SVG path's data (closed when asked). */
static void path_points(buf *svg, const point *p, size_t n, bool closed) {
    for (size_t i = 0; i < n; i++) buf_printf(svg, "%c%.1f %.1f", i ? 'L' : 'M', map_x(p[i].lon), map_y(p[i].lat));
    if (closed) buf_putc(svg, 'Z');
}

/* The place text names first (earliest in it), or NULL. */
static const place *place_in(const char *text, int lang) {
    const place *found = NULL;
    const char *first = NULL;
    for (size_t i = 0; text && i < sizeof places / sizeof places[0]; i++) {
        const char *at = strstr(text, places[i].stem[lang]);
        if (at && (!first || at < first)) {
            first = at;
            found = &places[i];
        }
    }
    return found;
}

/* The great-circle distance between two places, in kilometres. */
static double distance_km(const place *a, const place *b) {
    const double r = 6371.0, rad = M_PI / 180.0;
    double dlat = (b->lat - a->lat) * rad, dlon = (b->lon - a->lon) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) + cos(a->lat * rad) * cos(b->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(h));
}

/* A city's dot and its name beside it (on the left near the map's edge). */
static void city(buf *svg, const place *p, int lang, bool marked, const char *colour) {
    double x = map_x(p->lon), y = map_y(p->lat);
    bool left = x > 1040;
    if (marked)
        buf_printf(svg,
                   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"28\" fill=\"%s\" fill-opacity=\"0.22\"/>"
                   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"11\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"3\"/>",
                   x, y, colour, x, y, colour);
    else
        buf_printf(svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#4a4a4a\"/>", x, y);
    buf_printf(svg, "<g stroke=\"#f3efe6\" stroke-width=\"5\" paint-order=\"stroke\" stroke-linejoin=\"round\">");
    demo_svg_text(svg, (int)(x + (left ? -18 : 18)), (int)(y + 9), marked ? 30 : 22, "sans", marked ? "700" : "400",
                  marked ? "#1a1a1a" : "#4a4a4a", left ? "end" : "start", p->name[lang]);
    buf_puts(svg, "</g>");
}

bool demo_map_draw(arena *a, const article_input *in, const char *category_name, demo_graphic *out) {
    int lang = language_index(in->lang);
    const place *p = place_in(in->title, lang);
    if (!p) p = place_in(in->subtitle, lang);
    if (!p) return false;
    const char *colour = demo_category_colour(in->category_slug);
    buf svg;
    buf_init(&svg, a);
    demo_svg_begin(&svg, "#f7f5f0");
    buf_printf(&svg, "<rect x=\"%d\" width=\"%d\" height=\"%d\" fill=\"#e8e2d4\"/>", MAP_LEFT,
               DEMO_GRAPHIC_WIDTH - MAP_LEFT, DEMO_GRAPHIC_HEIGHT);
    buf_puts(&svg, "<path fill=\"#c4d9e4\" stroke=\"#8fb0c2\" stroke-width=\"2\" stroke-linejoin=\"round\" d=\"");
    path_points(&svg, caspian, sizeof caspian / sizeof caspian[0], true);
    path_points(&svg, lagoon, sizeof lagoon / sizeof lagoon[0], true);
    buf_puts(&svg, "\"/><path fill=\"none\" stroke=\"#8fb0c2\" stroke-width=\"2.5\" stroke-linejoin=\"round\" d=\"");
    path_points(&svg, kura, sizeof kura / sizeof kura[0], false);
    path_points(&svg, aras, sizeof aras / sizeof aras[0], false);
    buf_puts(&svg, "\"/><g stroke=\"#ffffff\" stroke-opacity=\"0.55\" stroke-width=\"1\">");
    for (int lon = 44; lon <= 58; lon += 2)
        buf_printf(&svg, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>", map_x(lon), map_x(lon), DEMO_GRAPHIC_HEIGHT);
    for (int lat = 38; lat <= 46; lat += 2)
        buf_printf(&svg, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", MAP_LEFT, map_y(lat), DEMO_GRAPHIC_WIDTH,
                   map_y(lat));
    buf_puts(&svg, "</g>");
    static const char *const sea[] = {"Caspian Sea", "Каспийское море", "Xəzər dənizi"};
    buf_printf(&svg, "<text x=\"%.1f\" y=\"%.1f\" font-family=\"DejaVu Serif\" font-style=\"italic\" font-size=\"26\" "
                     "fill=\"#5b7d8f\" text-anchor=\"middle\">%s</text>",
               map_x(51.2), map_y(41.9), sea[lang]);
    for (size_t i = 0; i < sizeof landmarks / sizeof landmarks[0]; i++)
        if (&places[landmarks[i]] != p && distance_km(&places[landmarks[i]], p) > 60)
            city(&svg, &places[landmarks[i]], lang, false, colour);
    city(&svg, p, lang, true, colour);

    /* The card's left: what and where. */
    buf_printf(&svg, "<rect width=\"%d\" height=\"12\" fill=\"%s\"/>", MAP_LEFT, colour);
    buf_printf(&svg, "<rect x=\"%d\" width=\"2\" height=\"%d\" fill=\"#c9c4b8\"/>", MAP_LEFT - 2, DEMO_GRAPHIC_HEIGHT);
    demo_svg_text(&svg, 56, 150, 28, "sans", "700", colour, "start", category_name);
    demo_svg_text(&svg, 56, 262, utf8_length(p->name[lang]) > 9 ? 58 : 72, "serif", "700", "#1a1a1a", "start",
                  p->name[lang]);
    demo_svg_text(&svg, 56, 318, 28, "sans", "400", "#555555", "start",
                  arena_printf(a, "%.2f° N, %.2f° E", p->lat, p->lon));
    if (p != &places[0]) {
        int km = (int)(distance_km(&places[0], p) / 5 + 0.5) * 5;
        demo_svg_text(&svg, 56, 362, 28, "sans", "400", "#555555", "start",
                      i18n_printf(a, in->lang, N_("About %d km from Baku"), km));
    }
    buf_printf(&svg, "<rect x=\"56\" y=\"408\" width=\"72\" height=\"5\" fill=\"%s\"/>", colour);
    const char *lines[4];
    size_t n = demo_text_wrap(a, in->title, 26, lines, 4);
    for (size_t i = 0; i < n; i++)
        demo_svg_text(&svg, 56, 470 + (int)i * 46, 34, "serif", "400", "#1a1a1a", "start", lines[i]);
    demo_svg_text(&svg, 56, 770, 22, "sans", "400", "#6b6b6b", "start", "Gazette demo · CC0");
    buf_puts(&svg, "</svg>");
    out->svg = svg.data;
    out->svg_len = svg.len;
    out->alt = i18n_printf(a, in->lang, N_("Map of the Caspian region with %s marked"), p->name[lang]);
    out->caption = i18n_printf(a, in->lang, N_("%s on the map of the Caspian region"), p->name[lang]);
    return true;
}

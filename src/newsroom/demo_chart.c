/* The demo's bar charts, drawn from the first table of a story whose
** columns hold numbers. See demo_graphics.h. */
#include "demo_graphics.h"
#include "../core/text.h"
#include "../render/i18n.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_COLUMNS_MAX 8
#define TABLE_ROWS_MAX 8
/* The most characters of the data an alt text lists, and of the columns'
** names it and the caption give: within an alt text's 600. */
#define ALT_DATA_MAX 420
#define HEADERS_MAX 140

/* A story's table: its cells' plain text. */
typedef struct table {
    const char *header[TABLE_COLUMNS_MAX];
    const char *cell[TABLE_ROWS_MAX][TABLE_COLUMNS_MAX];
    size_t columns, rows;
} table;

/* Splits a table line ("| a | b |") into at most TABLE_COLUMNS_MAX
** cells' plain text; returns how many. */
static size_t split_row(arena *a, const char *line, size_t len, const char **cells) {
    size_t n = 0, i = line[0] == '|' ? 1 : 0;
    while (i < len && n < TABLE_COLUMNS_MAX) {
        size_t start = i;
        while (i < len && line[i] != '|') i++;
        if (i == len && start == len) break;
        cells[n++] = demo_plain_text(a, line + start, i - start);
        i++;
    }
    return n;
}

/* True for a table's separator line ("|---|:--|"). */
static bool separator_row(const char *line, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (!strchr("|-: ", line[i])) return false;
    return true;
}

/* Reads the story's first table into t; a row in bold (a total) is left
** out, since its bar would dwarf the others. False when there is none. */
static bool first_table(arena *a, const char *body, table *t) {
    memset(t, 0, sizeof *t);
    bool in_table = false;
    for (const char *line = body; *line;) {
        size_t len = strcspn(line, "\n");
        if (len && line[0] == '|') {
            if (!in_table) {
                t->columns = split_row(a, line, len, t->header);
                in_table = true;
            } else if (!separator_row(line, len) && t->rows < TABLE_ROWS_MAX && strncmp(line, "| **", 4) != 0 &&
                       split_row(a, line, len, t->cell[t->rows]) == t->columns) {
                t->rows++;
            }
        } else if (in_table) {
            break;
        }
        line += len;
        if (*line) line++;
    }
    return in_table && t->columns >= 2 && t->rows >= 2;
}

/* The number a cell holds ("31.2%", "+13%", "3,4", "850"); false when it
** holds anything else. Russian and Azerbaijani write a decimal comma. */
static bool cell_number(const char *cell, double *value, bool *percent) {
    char digits[32];
    size_t n = 0;
    const char *p = cell;
    if (*p == '+' || *p == '-') digits[n++] = *p++;
    if (!isdigit((unsigned char)*p)) return false;
    while (*p && n < sizeof digits - 1) {
        if (isdigit((unsigned char)*p)) digits[n++] = *p;
        else if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1])) digits[n++] = '.';
        else break;
        p++;
    }
    digits[n] = '\0';
    *percent = *p == '%';
    if (*percent) p++;
    if (*p) return false;
    *value = strtod(digits, NULL);
    return true;
}

/* True when column c of t holds a number in every row but at most one (a
** year still to come, "?"), and in two at least. */
static bool numeric_column(const table *t, size_t c, bool *percent) {
    size_t numbers = 0;
    for (size_t r = 0; r < t->rows; r++) {
        double v;
        bool p;
        if (cell_number(t->cell[r][c], &v, &p)) {
            numbers++;
            *percent = p;
        }
    }
    return numbers >= 2 && numbers + 1 >= t->rows;
}

/* Leaves out the rows of t that do not hold a number in each of cols. */
static void keep_number_rows(table *t, const size_t *cols, size_t n) {
    size_t kept = 0;
    for (size_t r = 0; r < t->rows; r++) {
        bool all = true;
        for (size_t k = 0; k < n && all; k++) {
            double v;
            bool p;
            all = cell_number(t->cell[r][cols[k]], &v, &p);
        }
        if (all && kept != r) memcpy(t->cell[kept], t->cell[r], sizeof t->cell[r]);
        if (all) kept++;
    }
    t->rows = kept;
}

/* A header's unit: what follows its last '(' or ',' ("(manats)"). */
static const char *header_unit(const char *header) {
    const char *open = strrchr(header, '('), *comma = strrchr(header, ',');
    return open ? open : comma ? comma : "";
}

/* Picks the columns to draw: the first that holds numbers, and a second
** beside it in the same unit (both in per cent, or both headed "(...)" the
** same). Returns how many (0 to 2) into cols. */
static size_t chart_columns(const table *t, size_t cols[2]) {
    size_t n = 0;
    bool first_percent = false;
    for (size_t c = 1; c < t->columns && n < 2; c++) {
        bool percent;
        if (!numeric_column(t, c, &percent)) continue;
        if (n == 0) {
            cols[n++] = c;
            first_percent = percent;
        } else if ((percent && first_percent) ||
                   (*header_unit(t->header[c]) && strcmp(header_unit(t->header[c]), header_unit(t->header[cols[0]])) == 0)) {
            cols[n++] = c;
        }
    }
    return n;
}

bool demo_chart_draw(arena *a, const article_input *in, const char *category_name, demo_graphic *out) {
    table t;
    size_t cols[2];
    if (!in->body_markdown || !first_table(a, in->body_markdown, &t)) return false;
    size_t series = chart_columns(&t, cols);
    if (series == 0) return false;
    keep_number_rows(&t, cols, series);
    if (t.rows < 2) return false;
    double values[TABLE_ROWS_MAX][2], max = 0;
    for (size_t r = 0; r < t.rows; r++)
        for (size_t k = 0; k < series; k++) {
            bool percent;
            cell_number(t.cell[r][cols[k]], &values[r][k], &percent);
            if (values[r][k] > max) max = values[r][k];
        }
    if (max <= 0) return false;

    const char *colour = demo_category_colour(in->category_slug), *second = "#9aa0a6";
    buf svg;
    buf_init(&svg, a);
    demo_svg_begin(&svg, "#f7f5f0");
    buf_printf(&svg, "<rect width=\"%d\" height=\"12\" fill=\"%s\"/>", DEMO_GRAPHIC_WIDTH, colour);
    demo_svg_text(&svg, 56, 92, 28, "sans", "700", colour, "start", category_name);
    const char *lines[2];
    size_t title_lines = demo_text_wrap(a, in->title, 44, lines, 2);
    for (size_t i = 0; i < title_lines; i++)
        demo_svg_text(&svg, 56, 150 + (int)i * 50, 38, "serif", "700", "#1a1a1a", "start", lines[i]);
    int y = 150 + (int)title_lines * 50 + 4;
    /* The legend: each column's header by its colour. */
    for (size_t k = 0, x = 56; k < series; k++) {
        const char *name = demo_text_cut(a, t.header[cols[k]], series == 1 ? 66 : 30);
        buf_printf(&svg, "<rect x=\"%zu\" y=\"%d\" width=\"22\" height=\"22\" fill=\"%s\"/>", x, y - 20,
                   k ? second : colour);
        demo_svg_text(&svg, (int)x + 32, y, 26, "sans", "400", "#444444", "start", name);
        x += 32 + utf8_length(name) * 16 + 36;
    }
    int top = y + 40, bottom = 712, row = (bottom - top) / (int)t.rows;
    if (row > 80) row = 80;
    int bar = series == 1 ? row * 55 / 100 : row * 34 / 100, left = 450, room = 560;
    for (size_t r = 0; r < t.rows; r++) {
        int y0 = top + (int)r * row;
        demo_svg_text(&svg, left - 20, y0 + row / 2 + 9, 26, "sans", "400", "#1a1a1a", "end",
                      demo_text_cut(a, t.cell[r][0], 25));
        for (size_t k = 0; k < series; k++) {
            double v = values[r][k] > 0 ? values[r][k] : 0;
            int w = (int)(v / max * room + 0.5), by = y0 + (row - bar * (int)series - 4 * ((int)series - 1)) / 2 +
                                                      (int)k * (bar + 4);
            buf_printf(&svg, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", left, by, w, bar,
                       k ? second : colour);
            demo_svg_text(&svg, left + w + 12, by + bar / 2 + 9, 24, "sans", k ? "400" : "700", "#1a1a1a", "start",
                          t.cell[r][cols[k]]);
        }
    }
    buf_printf(&svg, "<rect x=\"%d\" y=\"%d\" width=\"2\" height=\"%d\" fill=\"#1a1a1a\"/>", left - 2, top - 6,
               (int)t.rows * row + 6);
    buf_puts(&svg, "<rect x=\"56\" y=\"736\" width=\"1088\" height=\"1\" fill=\"#c9c4b8\"/>");
    demo_svg_text(&svg, 56, 770, 22, "sans", "400", "#6b6b6b", "start", "Gazette demo · CC0");
    buf_puts(&svg, "</svg>");
    out->svg = svg.data;
    out->svg_len = svg.len;

    /* The alt text lists the figures drawn, row by row. */
    buf data, heads;
    buf_init(&data, a);
    buf_init(&heads, a);
    for (size_t k = 0; k < series; k++) buf_printf(&heads, "%s%s", k ? " / " : "", t.header[cols[k]]);
    for (size_t r = 0; r < t.rows; r++) {
        buf_printf(&data, "%s%s: %s", r ? "; " : "", t.cell[r][0], t.cell[r][cols[0]]);
        if (series == 2) buf_printf(&data, " / %s", t.cell[r][cols[1]]);
    }
    const char *names = demo_text_cut(a, heads.data, HEADERS_MAX);
    out->alt = i18n_printf(a, in->lang, N_("Bar chart of %s: %s"), names, demo_text_cut(a, data.data, ALT_DATA_MAX));
    out->caption = i18n_printf(a, in->lang, N_("%s: the figures of the table in this story"), names);
    return true;
}

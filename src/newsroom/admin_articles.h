/* What the newsroom's article pages share among their files: the list
** (admin_list.c), the editor (admin_articles.c) and the revisions
** (admin_revisions.c). Not for other parts of the program. */
#ifndef GAZETTE_ADMIN_ARTICLES_H
#define GAZETTE_ADMIN_ARTICLES_H

#include "admin_page.h"
#include "editorial.h"

/* What an editorial operation says (its refusal), in the page's language,
** in its arena: "field 'title': is required" for a refused field. */
const char *admin_result_text(admin_page *p, const editorial_result *r);

/* Adds an option of a <select> to list: value, label, selected. */
void admin_add_option(tv *list, const char *value, const char *label, bool selected);

/* The editions, categories (of lang) and states as options, with these
** selected; with_any adds "All ..." choices first (the list's filters). */
void admin_add_choices(admin_page *p, const char *lang, const char *category_slug, article_workflow workflow,
                       bool with_any);

/* Reads article id into a as the newsroom shows it to who; false (having
** answered) when there is none, or who may not see it. */
bool admin_visible_article(admin_page *p, int64_t id, article *a);

/* The list page (trash: the trash). */
void admin_list_page(admin_page *p, bool trash);

/* Sets what changed from snapshot older to snapshot newer (revisions'
** JSON) in the page's context (changes, body_diff, body_changed, compared). */
void admin_compare_snapshots(admin_page *p, const char *older, const char *newer);
/* The same for two revisions of article id. */
void admin_compare_revisions(admin_page *p, int64_t id, int64_t older, int64_t newer);

/* The revisions page of article id, and restoring revision rev of it. */
void admin_revisions_page(admin_page *p, int64_t id);
void admin_restore_revision(admin_page *p, int64_t id, int64_t rev);

#endif

/*
** Plural forms, as gettext catalogues state them in their header:
**   Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : ...);
** The expression is the C subset gettext defines (n, integers, ! * / % + -
** < <= > >= == != && || ?: and parentheses). It is parsed once into a tree
** and evaluated for each count.
*/
#ifndef GAZETTE_PLURAL_H
#define GAZETTE_PLURAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct plural_rule plural_rule;

/* Parses a Plural-Forms value. NULL (with a message in err) when it is not
** well formed. The caller frees the rule with plural_rule_free(). */
plural_rule *plural_rule_parse(const char *forms, char *err, size_t errlen);
void plural_rule_free(plural_rule *r);

/* How many forms the language has (nplurals). */
int plural_rule_count(const plural_rule *r);

/* The form to use for n: 0 .. count-1 (out-of-range results are clamped). */
int plural_rule_form(const plural_rule *r, uint64_t n);

#endif

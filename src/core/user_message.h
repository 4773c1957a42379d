/*
** Messages for people that any language can show. A user_message keeps
** its English printf format (a string literal the catalogues know: mark it
** N_() where it is written, see render/i18n.h) and its arguments, each
** already made text by its own conversion when the message is set. The
** code that makes one need not know who will read it: the Admin API, the
** command line and the logs show the English (user_message_english), the
** newsroom its reader's language (i18n_message), whose translation has the
** same conversions in the same order.
**
**   user_message m;
**   user_message_set(&m, N_("is longer than %zu characters"), max);
**
** A message lives where the caller keeps it (it owns no memory): its
** format must be a string that outlives it (a literal), its arguments are
** copied into it, each cut to USER_MESSAGE_ARG_BYTES at a character's end.
*/
#ifndef GAZETTE_USER_MESSAGE_H
#define GAZETTE_USER_MESSAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define USER_MESSAGE_ARGS 4
#define USER_MESSAGE_ARG_BYTES 200

typedef struct user_message {
    const char *format; /* English; NULL: no message */
    const char *plural; /* with a count: the English plural (format is the singular); else NULL */
    long long count;    /* which of the two, and of a translation's forms */
    int arg_count;
    char args[USER_MESSAGE_ARGS][USER_MESSAGE_ARG_BYTES];
    /* Non-NULL: the argument is itself a message of the catalogues with
    ** this context (msgctxt), e.g. a workflow state ("status"), and is
    ** translated with the message. */
    const char *contexts[USER_MESSAGE_ARGS];
} user_message;

/* Sets m to format with its arguments, each made text with its own
** conversion (d i u o x X c s f e g p, with flags, width, precision and
** the length modifiers hh h l ll z j t; "%%" is a percent sign). A format
** with more than USER_MESSAGE_ARGS conversions, or one this does not know,
** is a bug (fatal). */
void user_message_set(user_message *m, const char *format, ...) __attribute__((format(printf, 2, 3)));
void user_message_vset(user_message *m, const char *format, va_list ap) __attribute__((format(printf, 2, 0)));

/* Sets m to a message without arguments: msgid, a literal of the
** catalogues without conversions ("%%" for a percent sign). */
void user_message_plain(user_message *m, const char *msgid);

/* The same for a message with a plural (NP_("%d minute", "%d minutes")):
** the form that suits n, in English and in a translation. */
void user_message_set_plural(user_message *m, const char *singular, const char *plural, long long n, ...)
    __attribute__((format(printf, 2, 5)));

/* The text of each conversion's argument of format (read from ap, as
** user_message_vset does, but whole, however long) into texts (room for
** USER_MESSAGE_ARGS), in a. Returns how many. */
int user_message_arguments(arena *a, const char *format, va_list ap, const char **texts);

/* Says that argument i of m is a message of the catalogues with context
** (see contexts above). */
void user_message_arg_context(user_message *m, int i, const char *context);

/* Appends format to out with each conversion replaced, in order, by the
** text of args (count of them; a conversion beyond them by nothing) and
** "%%" by "%". */
void user_message_fill(buf *out, const char *format, const char *const *args, int count);

/* The English text of m, in a ("" when m has no message). */
char *user_message_english(arena *a, const user_message *m);

/* The same into out (len bytes, always terminated, cut at a character's
** end when longer). Returns out. */
char *user_message_english_into(const user_message *m, char *out, size_t len);

/* True when format b has as many conversions as a, of the same kinds, in
** the same order: whether b may stand for a (a translation for its
** English). */
bool user_message_same_conversions(const char *a, const char *b);

/* Copies text into out (len bytes, always terminated), cut at the end of
** a UTF-8 character when it is longer. Returns out. */
char *user_message_copy_text(char *out, size_t len, const char *text);

#endif

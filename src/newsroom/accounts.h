/*
** The command line's people and API tokens:
**   gazette user add --email E --name N --role admin|editor|author
**   gazette user passwd E | user list | user disable E
**   gazette token add --name N --role admin|editor|author | token list | token revoke N
** A password comes from the first line of standard input when that is not
** a terminal, and is asked twice (without echo) when it is.
*/
#ifndef GAZETTE_ACCOUNTS_H
#define GAZETTE_ACCOUNTS_H

#include <stdio.h>

#include "../store/store.h"

/* Runs "user" subcommands (argv[0] is the action). Returns the exit status. */
int accounts_user(store *s, int argc, char **argv, FILE *out);

/* Runs "token" subcommands. Returns the exit status. */
int accounts_token(store *s, int argc, char **argv, FILE *out);

#endif

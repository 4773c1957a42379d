/*
** The SQLite schema as an ordered list of migrations. Migration N brings a
** database from user_version N-1 to N; each runs in its own transaction.
** Never edit a migration that has shipped: add a new one.
*/
#ifndef GAZETTE_SCHEMA_H
#define GAZETTE_SCHEMA_H

#include <stddef.h>

extern const char *const schema_migrations[];
extern const size_t schema_migration_count;

#endif

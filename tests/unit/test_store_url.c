/* Database addresses: which engine a URL names, and what may be shown of it. */
#include "check.h"

#include "store/store.h"

static const char *redacted(const char *url) {
    static char out[256];
    store_url_redact(url, out, sizeof out);
    return out;
}

TEST(store_url_names_the_engine) {
    CHECK(store_url_is_postgres("postgresql://u@h/db"));
    CHECK(store_url_is_postgres("postgres://h/db"));
    CHECK(!store_url_is_postgres("gazette.db"));
    CHECK(!store_url_is_postgres("/srv/postgresql/site.db"));
    CHECK(!store_url_is_postgres(NULL));
}

TEST(store_url_redact_hides_every_password) {
    CHECK_STR(redacted("gazette.db"), "gazette.db");
    CHECK_STR(redacted("postgresql://gazette@db/site"), "postgresql://gazette@db/site");
    CHECK_STR(redacted("postgresql://gazette:s3cr3t@db:5432/site?sslmode=require"),
              "postgresql://gazette:***@db:5432/site?sslmode=require");
    /* An '@' in the password: the last one before the path ends it. */
    CHECK_STR(redacted("postgresql://u:p@ss@db/site"), "postgresql://u:***@db/site");
    CHECK_STR(redacted("postgresql://db/site?user=u&password=s3cr3t&sslmode=require"),
              "postgresql://db/site?user=u&password=***&sslmode=require");
    CHECK_STR(redacted("postgresql://db/site?password=x"), "postgresql://db/site?password=***");
    /* Cut to the room given, never past it. */
    char small[12];
    store_url_redact("postgresql://u:secret@db/site", small, sizeof small);
    CHECK_STR(small, "postgresql:");
    CHECK(strstr(redacted("postgresql://u:secret@db/site"), "secret") == NULL);
}

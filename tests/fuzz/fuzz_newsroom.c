/*
** Fuzz target: the newsroom and the Admin API as the people logged in to
** them reach them, over the same demo site as fuzz_site.c. Before each
** input an admin exists and is enabled, with a live session whose cookie
** and CSRF token are fixed, so inputs can carry them:
**   Cookie: gazette_session=fuzz-admin-session    (form field csrf=fuzz-csrf)
**   Authorization: Bearer fuzz-api-token          (an editor's API token)
** Every page and form of /admin/ (articles, the editor, preview, revisions,
** media uploads, people, categories, settings, the audit log) and every
** route of /api/v1/admin/ answers then.
**
** What persists between inputs: everything the newsroom writes (articles,
** revisions, categories, settings, people, uploads) stays in the database,
** so a finding may depend on the inputs before it; replaying the corpus
** runs its files in name order from the demo database.
*/
#include "common.h"
#include "site_setup.h"

#include "newsroom/auth.h"
#include "store/store.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SESSION "fuzz-admin-session"
#define CSRF "fuzz-csrf"
#define API_TOKEN "fuzz-api-token"

static site *app;
static int port;
static int64_t admin_id;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    port = fuzz_site_start((*argv)[0], &app);
    char hash[AUTH_HASH_BYTES];
    FUZZ_ASSERT(auth_hash_password("fuzz-password-long-enough", hash));
    FUZZ_ASSERT(store_user_add(app->store, "fuzz@example.com", "Fuzz Admin", ROLE_ADMIN, hash, &admin_id) ==
                STORE_OK);
    unsigned char token[32];
    auth_token_hash(API_TOKEN, token);
    int64_t token_id;
    FUZZ_ASSERT(store_token_add(app->store, "fuzz", ROLE_EDITOR, token, sizeof token, &token_id) == STORE_OK);
    return 0;
}

/* The admin as the last input may have left them: enabled, an admin, with
** the session (a logout or a disabling ends it). */
static void renew_admin(void) {
    FUZZ_ASSERT(store_user_set_disabled(app->store, admin_id, false) == STORE_OK);
    FUZZ_ASSERT(store_user_set_role(app->store, admin_id, ROLE_ADMIN) == STORE_OK);
    unsigned char hash[32];
    auth_token_hash(SESSION, hash);
    (void)store_session_delete(app->store, hash, sizeof hash); /* there may be none */
    FUZZ_ASSERT(store_session_add(app->store, hash, sizeof hash, admin_id, CSRF, (int64_t)time(NULL)) == STORE_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    renew_admin();
    fuzz_http_exchange(port, data, size, 5000, 250);
    return 0;
}

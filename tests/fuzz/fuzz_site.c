/*
** Fuzz target: the whole site as a reader (or an attacker) reaches it. The
** real server (src/http/server.c) serves site_handle() over the demo
** newsroom, loaded once into a database in a scratch folder with the demo
** configuration (site_setup.c); each input is a raw HTTP request on its
** own connection, as in fuzz_request.c. Pages, feeds, sitemaps, search, the public API,
** the Admin API's refusals and the newsroom's login all answer here.
**
** What persists between inputs, and so may make a finding depend on the
** ones before it: view counts (written every few seconds) and the failed
** logins the newsroom counts. The page cache is off, so every answer is
** made anew.
*/
#include "common.h"
#include "site_setup.h"

#include <signal.h>

static int port;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    port = fuzz_site_start((*argv)[0], NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_http_exchange(port, data, size, 5000, 250);
    return 0;
}

/*
** Fuzz target: the configuration file (src/core/config.c over inih). The
** input is the file, handed to config_load() through a memfd, over the
** defaults. Checks that a refusal names what is wrong and that an accepted
** configuration keeps the invariants the rest of the program relies on.
*/
#include "common.h"

#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int fd = memfd_create("gazette.ini", MFD_CLOEXEC);
    FUZZ_ASSERT(fd >= 0);
    FUZZ_ASSERT(size == 0 || write(fd, data, size) == (ssize_t)size);
    char path[64], err[512];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    config cfg;
    config_defaults(&cfg);
    err[0] = '\0';
    if (!config_load(&cfg, path, err, sizeof err)) {
        FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof err));
    } else {
        FUZZ_ASSERT(cfg.language_count >= 1 && cfg.language_count <= CONFIG_MAX_LANGUAGES);
        FUZZ_ASSERT(cfg.default_language && config_has_language(&cfg, cfg.default_language));
        for (size_t i = 0; i < cfg.language_count; i++)
            FUZZ_ASSERT(config_language_supported(cfg.languages[i]));
        FUZZ_ASSERT(cfg.site_name && cfg.base_url && cfg.timezone && cfg.listen && cfg.media_dir);
        size_t n = strlen(cfg.base_url);
        FUZZ_ASSERT(n == 0 || cfg.base_url[n - 1] != '/');
        for (size_t i = 0; i < cfg.language_count; i++) {
            FUZZ_ASSERT(config_site_name(&cfg, cfg.languages[i]) != NULL);
            (void)config_description(&cfg, cfg.languages[i]);
            (void)config_attribution(&cfg, cfg.languages[i]);
        }
    }
    config_free(&cfg);
    FUZZ_ASSERT(close(fd) == 0);
    return 0;
}

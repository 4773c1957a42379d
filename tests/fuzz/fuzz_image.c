/*
** Fuzz target: image uploads (src/newsroom/media.c media_ingest() over
** libvips): recognising JPEG, PNG and WebP by content, refusing the rest
** and truncated files, and making the variants. libvips is started once;
** each input is ingested into its own copy of an empty, migrated database
** with an empty media folder, both in a scratch folder, so nothing of one
** input is left for the next. Keep inputs small (-max_len, see
** tests/fuzz/run): every accepted image is decoded and encoded six times.
*/
#include "common.h"

#include "core/config.h"
#include "newsroom/media.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static config cfg;
static char pristine[1100], db_path[1100], media_dir[1100];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    const char *dir = fuzz_scratch_dir();
    config_defaults(&cfg);
    cfg.max_upload_mb = 1;
    snprintf(media_dir, sizeof media_dir, "%s/media", dir);
    free(cfg.media_dir);
    cfg.media_dir = media_dir;
    snprintf(pristine, sizeof pristine, "%s/empty.db", dir);
    snprintf(db_path, sizeof db_path, "%s/run.db", dir);
    char err[512];
    store *s = store_open(pristine, err, sizeof err);
    if (!s) {
        fprintf(stderr, "fuzz-image: %s\n", err);
        abort();
    }
    store_close(s);
    if (!media_start((*argv)[0])) {
        fprintf(stderr, "fuzz-image: cannot start libvips\n");
        abort();
    }
    return 0;
}

/* Who uploads: media_ingest() writes the audit entry in their name. */
static const actor uploader = {.id = "user:1", .name = "Fuzz Uploader", .role = ROLE_EDITOR, .user_id = 1, .address = "127.0.0.1"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FUZZ_ASSERT(fuzz_copy_file(pristine, db_path));
    char err[512];
    store *s = store_open(db_path, err, sizeof err);
    FUZZ_ASSERT(s != NULL);
    arena *a = arena_new();
    media out;
    memset(&out, 0, sizeof out);
    bool created = false;
    int status = 0;
    user_message error = {0};
    bool ok = media_ingest(s, &cfg, a, data, size, "upload.jpg", &uploader, &out, &created, &status, &error);
    if (ok) {
        FUZZ_ASSERT(error.format == NULL && created);
        FUZZ_ASSERT(out.width >= 1 && out.height >= 1 && out.hash && strlen(out.hash) == 32);
        FUZZ_ASSERT(out.variants && *out.variants);
        /* The same bytes again are found, not stored twice. */
        bool again = true;
        media second;
        FUZZ_ASSERT(media_ingest(s, &cfg, a, data, size, "again.png", &uploader, &second, &again, &status, &error));
        FUZZ_ASSERT(!again && strcmp(second.hash, out.hash) == 0);
    } else {
        FUZZ_ASSERT(error.format != NULL && *error.format);
        FUZZ_ASSERT(status == 400 || status == 413);
    }
    arena_free(a);
    store_close(s);
    fuzz_empty_dir(media_dir);
    return 0;
}

/* Image variants under /media/: from the media folder, sent with sendfile,
** or (PostgreSQL sites) from the database through the media cache. Their
** names carry the hash of the upload, so they never change: cached for a
** year. */
#include "page.h"
#include "cache.h"
#include "pages.h"
#include "media_cache.h"
#include "../core/media_files.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A variant kept in the database. */
static void from_database(site *s, http_request *req, http_response *resp, const char *name) {
    const void *data;
    size_t len;
    media_blob *blob;
    int rc = media_file_path(req->arena, s->cfg, name)
                 ? media_cache_get(s->media, s->store, req->arena, name, &data, &len, &blob)
                 : STORE_NOT_FOUND;
    if (rc == STORE_NOT_FOUND) {
        page_not_found(s, req, resp, NULL);
        return;
    }
    if (rc != STORE_OK) {
        page_error(s, req, resp, "read image");
        return;
    }
    resp->etag = arena_printf(req->arena, "\"%.40s\"", name);
    resp->cache_control = CACHE_IMMUTABLE;
    resp->content_type = strstr(name, ".webp") ? "image/webp" : "image/jpeg";
    resp->static_body = data;
    resp->static_len = len;
    resp->release = blob ? media_blob_release : NULL;
    resp->release_ctx = blob;
}

void media_file(site *s, http_request *req, http_response *resp) {
    const char *name = req->path + strlen("/media/");
    if (store_media_in_database(s->store)) {
        from_database(s, req, resp, name);
        return;
    }
    char *path = media_file_path(req->arena, s->cfg, name);
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) close(fd);
        page_not_found(s, req, resp, NULL);
        return;
    }
    resp->etag = arena_printf(req->arena, "\"%.40s\"", name);
    resp->cache_control = CACHE_IMMUTABLE;
    resp->content_type = strstr(name, ".webp") ? "image/webp" : "image/jpeg";
    resp->last_modified = (int64_t)st.st_mtime;
    resp->file_fd = fd;
    resp->file_size = (size_t)st.st_size;
}

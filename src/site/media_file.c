/* Image variants under /media/, from the media folder, sent with sendfile.
** Their names carry the hash of the upload, so they never change: cached
** for a year. */
#include "page.h"
#include "cache.h"
#include "pages.h"
#include "../core/media_files.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void media_file(site *s, http_request *req, http_response *resp) {
    const char *name = req->path + strlen("/media/");
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

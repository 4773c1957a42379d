/* Helpers the fuzz targets share. See common.h. */
#define _XOPEN_SOURCE 700
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

void fuzz_fail(const char *file, int line, const char *what) {
    fprintf(stderr, "fuzz: %s:%d: property failed: %s\n", file, line, what);
    abort();
}

static char scratch[512];

/* nftw callback: removes one entry (children come first, FTW_DEPTH). */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb; (void)flag; (void)ftw;
    (void)remove(path); /* best effort: a scratch folder */
    return 0;
}

/* nftw callback for fuzz_empty_dir: like remove_entry, but keeps the top. */
static int remove_below(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    if (ftw->level == 0) return 0;
    return remove_entry(path, sb, flag, ftw);
}

/* At exit: removes the scratch folder and everything in it. */
static void remove_scratch(void) {
    if (scratch[0]) (void)nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_scratch_dir(void) {
    if (scratch[0]) return scratch;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/gazette-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_scratch);
    return scratch;
}

char *fuzz_cstr(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) abort();
    if (size) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

bool fuzz_write_file(const char *path, const void *data, size_t size) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    const char *p = data;
    size_t left = size;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n;
        left -= (size_t)n;
    }
    return close(fd) == 0 && left == 0;
}

void fuzz_empty_dir(const char *dir) { (void)nftw(dir, remove_below, 16, FTW_DEPTH | FTW_PHYS); }

bool fuzz_copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    if (!in) return false;
    FILE *out = fopen(to, "wb");
    bool ok = out != NULL;
    char chunk[65536];
    size_t n;
    while (ok && (n = fread(chunk, 1, sizeof chunk, in)) > 0) ok = fwrite(chunk, 1, n, out) == n;
    if (ferror(in)) ok = false;
    fclose(in);
    if (out && fclose(out) != 0) ok = false;
    return ok;
}

/* Milliseconds on a monotonic clock. */
static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t fuzz_http_exchange(int port, const uint8_t *data, size_t size, int deadline_ms, int idle_ms) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("fuzz: socket");
        abort();
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("fuzz: connect");
        abort();
    }
    int64_t until = now_ms() + deadline_ms, last = 0;
    size_t sent = 0, received = 0;
    bool writing = true;
    bool show = getenv("FUZZ_SHOW") != NULL;
    char chunk[16384];
    for (;;) {
        int64_t now = now_ms(), left = until - now;
        if (received && idle_ms > 0 && now - last >= idle_ms) break;
        if (received && idle_ms > 0 && left > idle_ms) left = idle_ms;
        if (left <= 0) break;
        if (writing && sent == size) {
            (void)shutdown(fd, SHUT_WR); /* failing: the server has closed; read on */
            writing = false;
        }
        struct pollfd p = {.fd = fd, .events = (short)(POLLIN | (writing ? POLLOUT : 0))};
        int rc = poll(&p, 1, (int)left);
        if (rc < 0 && errno == EINTR) continue;
        if (rc == 0 && received && idle_ms > 0) continue; /* see whether it was idle long enough */
        if (rc <= 0) break;
        if (p.revents & POLLIN) {
            ssize_t n = recv(fd, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break; /* the server closed (or reset) the connection */
            received += (size_t)n;
            last = now_ms();
            if (show) fwrite(chunk, 1, (size_t)n, stderr);
            continue;
        }
        if (writing && (p.revents & POLLOUT)) {
            ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) writing = false; /* the server stopped reading: read what it says */
            else sent += (size_t)n;
            continue;
        }
        if (p.revents & (POLLHUP | POLLERR)) break;
    }
    (void)close(fd);
    if (show) fprintf(stderr, "\n[exchange: sent %zu of %zu bytes, received %zu, %lld ms]\n", sent, size, received,
                      (long long)(now_ms() - (until - deadline_ms)));
    return received;
}

/* LeakSanitizer's built-in suppressions for every target: libgettextpo
** keeps memory per po_file_read() that po_file_free() does not release
** (as tests/lsan.supp says for the other suites), so a binary run by hand
** reports the same as under tests/fuzz/run. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libgettextpo\n"; }

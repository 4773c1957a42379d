/*
** Helpers the fuzz targets share (tests/fuzz/README.md): a scratch folder
** per process, inputs as C strings and files, and a raw HTTP exchange with
** a server on loopback. None of this is part of Gazette itself.
*/
#ifndef GAZETTE_FUZZ_COMMON_H
#define GAZETTE_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Stops the process with a message: a property a target checks failed.
** libFuzzer sees the abort as a crash and keeps the input. */
#define FUZZ_ASSERT(cond)                                                              \
    do {                                                                               \
        if (!(cond)) fuzz_fail(__FILE__, __LINE__, #cond);                             \
    } while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* A folder of this process's own under $TMPDIR (made on the first call,
** removed with everything in it at exit). The string is static. */
const char *fuzz_scratch_dir(void);

/* A NUL-terminated copy of data. The caller frees it. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* Writes size bytes to path (created or truncated). False on any error. */
bool fuzz_write_file(const char *path, const void *data, size_t size);

/* Removes everything inside dir (dir itself stays). */
void fuzz_empty_dir(const char *dir);

/* Copies the file from to to. False on any error. */
bool fuzz_copy_file(const char *from, const char *to);

/* Sends data as the raw bytes of a request to 127.0.0.1:port, shuts the
** writing side, and reads the answer until the server closes, deadline_ms
** pass, or (idle_ms > 0) the server has answered something and then sent
** nothing for idle_ms. (A kept-alive connection whose client had closed
** its side was seen, now and then, to stay open after its answer until the
** deadline.) Returns the number of bytes the server sent; with
** FUZZ_SHOW set in the environment they are also copied to stderr. */
size_t fuzz_http_exchange(int port, const uint8_t *data, size_t size, int deadline_ms, int idle_ms);

#endif

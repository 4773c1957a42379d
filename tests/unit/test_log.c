/* Log lines cannot be forged: control characters in what is logged are escaped. */
#include "check.h"

#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Logs with stderr going to a temporary file; returns what was written. */
static char *logged(const char *email) {
    static char out[4096];
    char path[] = "/tmp/gazette-log-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return "";
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    log_info("failed login for %s from %s", email, "192.0.2.1");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, out, sizeof out - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return out;
}

TEST(log_escapes_control_characters) {
    char *line = logged("a@b.c\n2026-01-01T00:00:00Z error: forged\x1b[31m");
    CHECK(strchr(line, '\n') == line + strlen(line) - 1); /* one line */
    CHECK(strstr(line, "a@b.c\\x0a2026-01-01T00:00:00Z error: forged\\x1b[31m from 192.0.2.1") != NULL);
    CHECK(strchr(line, '\x1b') == NULL);
    line = logged("tab\there, del\x7f, c1 \xc2\x9b" "31m, bell\a");
    CHECK(strstr(line, "tab\\x09here, del\\x7f, c1 \\x9b31m, bell\\x07 from") != NULL);
    line = logged("Лейла Мамедли <leyla@example.az>");
    CHECK(strstr(line, "Лейла Мамедли <leyla@example.az>") != NULL); /* UTF-8 passes */
}

TEST(log_lines_name_their_request) {
    log_set_request("req-42");
    char *line = logged("ed@example.com");
    CHECK(strstr(line, " info: [req-42] failed login for ed@example.com from 192.0.2.1\n") != NULL);
    log_set_request(NULL);
    line = logged("ed@example.com");
    CHECK(strstr(line, "[req-42]") == NULL);
}

TEST(log_json_lines_are_one_valid_object_each) {
    log_set_json(true);
    log_set_request("req-7");
    char *line = logged("a@b.c\n{\"forged\":1}\x1b[31m \xff\xfe end");
    log_set_request(NULL);
    log_set_json(false);
    CHECK(strchr(line, '\n') == line + strlen(line) - 1); /* one line */
    CHECK(strncmp(line, "{\"time\":\"", 9) == 0);
    CHECK(strstr(line, "\"level\":\"info\"") != NULL);
    /* Controls escaped by JSON, bytes that are not UTF-8 as U+FFFD. */
    CHECK(strstr(line, "\"message\":\"failed login for a@b.c\\n{\\\"forged\\\":1}\\u001B[31m \xEF\xBF\xBD\xEF\xBF\xBD end from "
                       "192.0.2.1\"") != NULL);
    CHECK(strstr(line, "\"request_id\":\"req-7\"}") != NULL);
    CHECK(strchr(line, '\x1b') == NULL);
}

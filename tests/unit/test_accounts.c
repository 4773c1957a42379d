/* `gazette user add` on a terminal: echo off while the password is typed,
** and the terminal put back as it was, never in a state it did not have. */
#include "check.h"
#include "testdb.h"

#include "newsroom/accounts.h"
#include "store/store.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The unit tests are linked with -Wl,--wrap=isatty,--wrap=tcgetattr,
** --wrap=tcsetattr (see the Makefile). While fake_terminal is set, standard
** input is a terminal whose state tcgetattr gives (or fails to give, when
** terminal_unreadable), and each tcsetattr is recorded instead of made; at
** other times the calls go through. */
int __real_isatty(int fd);
int __real_tcgetattr(int fd, struct termios *t);
int __real_tcsetattr(int fd, int when, const struct termios *t);

static bool fake_terminal, terminal_unreadable;
static struct termios terminal_state;        /* what the fake terminal is in */
static struct termios set_states[8];         /* what tcsetattr was given, in order */
static int set_count;

/* isatty for the code under test: see above. */
int __wrap_isatty(int fd) { return fake_terminal && fd == STDIN_FILENO ? 1 : __real_isatty(fd); }

/* tcgetattr for the code under test: see above. */
int __wrap_tcgetattr(int fd, struct termios *t) {
    if (!fake_terminal || fd != STDIN_FILENO) return __real_tcgetattr(fd, t);
    if (terminal_unreadable) return -1;
    *t = terminal_state;
    return 0;
}

/* tcsetattr for the code under test: see above. */
int __wrap_tcsetattr(int fd, int when, const struct termios *t) {
    if (!fake_terminal || fd != STDIN_FILENO) return __real_tcsetattr(fd, when, t);
    if (set_count < 8) set_states[set_count] = *t;
    set_count++;
    terminal_state = *t;
    return 0;
}

/* Runs `gazette user add` on a fresh database of the current engine with
** the fake terminal and the password typed twice; returns the exit status
** (-1 when no store opens). */
static int user_add_on_terminal(void) {
    char db[TESTDB_URL_MAX];
    if (!testdb_create(db, sizeof db)) return -1;
    char err[512] = "";
    store *s = store_open(db, err, sizeof err);
    if (!s) {
        fprintf(stderr, "# store_open: %s\n", err);
        testdb_remove(db);
        return -1;
    }
    /* Standard input: the password, twice (the terminal asks again). */
    char input[64] = "/tmp/gazette-accounts-input-XXXXXX";
    int in = mkstemp(input);
    const char typed[] = "correct horse battery\ncorrect horse battery\n";
    bool wrote = in >= 0 && write(in, typed, sizeof typed - 1) == (ssize_t)(sizeof typed - 1) &&
                 lseek(in, 0, SEEK_SET) == 0;
    int saved = dup(STDIN_FILENO);
    int status = -1;
    if (wrote && saved >= 0 && dup2(in, STDIN_FILENO) >= 0) {
        __fpurge(stdin);
        clearerr(stdin);
        char *argv[] = {"add", "--email", "tty@example.com", "--name", "Terry Tty", "--role", "editor", NULL};
        FILE *out = fopen("/dev/null", "w");
        fake_terminal = true;
        status = out ? accounts_user(s, 7, argv, out) : -1;
        fake_terminal = false;
        if (out) fclose(out);
        __fpurge(stdin);
        clearerr(stdin);
        dup2(saved, STDIN_FILENO);
    }
    if (saved >= 0) close(saved);
    if (in >= 0) close(in);
    unlink(input);
    store_close(s);
    testdb_remove(db);
    return status;
}

STORE_TEST(accounts_password_echo_off_then_the_terminal_as_it_was) {
    memset(&terminal_state, 0, sizeof terminal_state);
    terminal_state.c_lflag = ECHO | ICANON | ISIG;
    terminal_state.c_iflag = ICRNL;
    struct termios before = terminal_state;
    terminal_unreadable = false;
    set_count = 0;
    CHECK_INT(user_add_on_terminal(), 0);
    /* Each of the two prompts: echo off, then back. */
    CHECK_INT(set_count, 4);
    CHECK(!(set_states[0].c_lflag & ECHO));
    CHECK(memcmp(&set_states[1], &before, sizeof before) == 0);
    CHECK(memcmp(&terminal_state, &before, sizeof before) == 0);
}

/* Before the fix, a terminal whose state cannot be read was "restored" to
** an uninitialised struct termios after each prompt. */
STORE_TEST(accounts_terminal_state_unreadable_is_left_alone) {
    memset(&terminal_state, 0, sizeof terminal_state);
    terminal_unreadable = true;
    set_count = 0;
    CHECK_INT(user_add_on_terminal(), 0);
    CHECK_INT(set_count, 0);
    terminal_unreadable = false;
}

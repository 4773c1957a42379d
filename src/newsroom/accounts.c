/* People and tokens on the command line. See accounts.h. */
#include "accounts.h"
#include "auth.h"
#include "../core/text.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Reads one line from stdin into out (without its newline); with echo
** off when stdin is a terminal. The terminal is put back only to the state
** read from it: when that cannot be read, echo stays as it is. */
static bool read_line(const char *prompt, char *out, size_t size, bool terminal) {
    struct termios old, quiet;
    bool restore = false;
    if (terminal) {
        fputs(prompt, stderr);
        fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
    bool ok = fgets(out, (int)size, stdin) != NULL;
    if (restore && tcsetattr(STDIN_FILENO, TCSAFLUSH, &old) != 0)
        fprintf(stderr, "gazette: cannot turn the terminal's echo back on (run 'stty echo')\n");
    if (terminal) fputc('\n', stderr);
    if (ok) out[strcspn(out, "\r\n")] = '\0';
    return ok;
}

/* A new password: the first line of stdin, or asked twice on a terminal. */
static bool ask_password(char *out, size_t size) {
    bool terminal = isatty(STDIN_FILENO);
    if (!read_line("New password: ", out, size, terminal)) {
        fprintf(stderr, "gazette: give the password on the first line of standard input\n");
        return false;
    }
    if (terminal) {
        char again[1100];
        if (!read_line("The same again: ", again, sizeof again, true) || strcmp(out, again) != 0) {
            fprintf(stderr, "gazette: the two passwords differ\n");
            return false;
        }
    }
    const char *problem = auth_password_problem(out);
    if (problem) {
        fprintf(stderr, "gazette: %s\n", problem);
        return false;
    }
    return true;
}

static int user_add(store *s, int argc, char **argv, FILE *out) {
    static const struct option opts[] = {{"email", required_argument, NULL, 'e'},
                                         {"name", required_argument, NULL, 'n'},
                                         {"role", required_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    const char *email = NULL, *name = NULL, *role_text = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'e') email = optarg;
        else if (c == 'n') name = optarg;
        else if (c == 'r') role_text = optarg;
        else return 2;
    }
    user_role role;
    bool bad = true;
    if (!email) fprintf(stderr, "gazette user add: give --email E\n");
    else if (!email_plausible(email)) fprintf(stderr, "gazette user add: --email %s: not an e-mail address\n", email);
    else if (!name || !*name) fprintf(stderr, "gazette user add: give --name N\n");
    else if (!role_text) fprintf(stderr, "gazette user add: give --role admin|editor|author\n");
    else if (!role_parse(role_text, &role))
        fprintf(stderr, "gazette user add: --role %s: must be admin, editor or author\n", role_text);
    else bad = false;
    if (bad) return 2;
    char password[1100], hash[AUTH_HASH_BYTES];
    if (!ask_password(password, sizeof password)) return 1;
    if (!auth_hash_password(password, hash)) {
        fprintf(stderr, "gazette: cannot hash the password\n");
        return 1;
    }
    int64_t id;
    if (store_user_add(s, email, name, role, hash, &id) != STORE_OK) {
        fprintf(stderr, "gazette: %s\n", store_error(s));
        return 1;
    }
    fprintf(out, "added %s <%s> as %s\n", name, email, role_name(role));
    return 0;
}

/* Finds a user by e-mail, with a message when there is none. */
static bool find_user(store *s, arena *a, const char *email, account *u) {
    if (email && store_user_by_email(s, a, email, u) == STORE_OK) return true;
    fprintf(stderr, "gazette: there is no user %s\n", email ? email : "(none given)");
    return false;
}

int accounts_user(store *s, int argc, char **argv, FILE *out) {
    const char *action = argc > 0 ? argv[0] : "";
    arena *a = arena_new();
    int status = 2;
    account u;
    if (strcmp(action, "add") == 0) {
        status = user_add(s, argc, argv, out);
    } else if (strcmp(action, "passwd") == 0 && argc == 2) {
        char password[1100], hash[AUTH_HASH_BYTES];
        status = 1;
        if (find_user(s, a, argv[1], &u) && ask_password(password, sizeof password) &&
            auth_hash_password(password, hash) && store_user_set_password(s, u.id, hash) == STORE_OK &&
            store_sessions_end_for(s, u.id) == STORE_OK) {
            fprintf(out, "changed the password of %s (their sessions ended)\n", u.email);
            status = 0;
        }
    } else if (strcmp(action, "disable") == 0 && argc == 2) {
        status = 1;
        if (find_user(s, a, argv[1], &u) && store_user_set_disabled(s, u.id, true) == STORE_OK &&
            store_sessions_end_for(s, u.id) == STORE_OK) {
            fprintf(out, "disabled %s\n", u.email);
            status = 0;
        }
    } else if (strcmp(action, "unlock") == 0 && argc == 2) {
        /* The failures that lock the account out, from every address; an
        ** address locked for failing at many accounts stays so. */
        status = 1;
        if (find_user(s, a, argv[1], &u) && store_failed_logins_clear(s, u.email, NULL) == STORE_OK) {
            fprintf(out, "unlocked %s: its failed logins are forgotten\n", u.email);
            status = 0;
        }
    } else if (strcmp(action, "list") == 0 && argc == 1) {
        account *list;
        size_t n;
        status = 1;
        if (store_users(s, a, &list, &n) == STORE_OK) {
            for (size_t i = 0; i < n; i++)
                fprintf(out, "%-32s %-8s %s%s\n", list[i].email, role_name(list[i].role), list[i].name,
                        list[i].disabled ? " (disabled)" : "");
            status = 0;
        }
    } else {
        fprintf(stderr, "gazette user: add --email E --name N --role R | passwd E | list | disable E | unlock E\n");
    }
    arena_free(a);
    return status;
}

int accounts_token(store *s, int argc, char **argv, FILE *out) {
    const char *action = argc > 0 ? argv[0] : "";
    arena *a = arena_new();
    int status = 2;
    if (strcmp(action, "add") == 0) {
        static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                             {"role", required_argument, NULL, 'r'},
                                             {NULL, 0, NULL, 0}};
        const char *name = NULL, *role_text = NULL;
        optind = 1;
        int c;
        bool bad = false;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
            if (c == 'n') name = optarg;
            else if (c == 'r') role_text = optarg;
            else bad = true;
        }
        user_role role;
        if (bad || !name || !*name || !role_parse(role_text, &role)) {
            fprintf(stderr, "gazette token add: give --name N and --role admin|editor|author\n");
        } else {
            char token[64];
            unsigned char hash[32];
            int64_t id;
            auth_new_token(token, hash);
            if (store_token_add(s, name, role, hash, sizeof hash, &id) != STORE_OK) {
                fprintf(stderr, "gazette: %s\n", store_error(s));
                status = 1;
            } else {
                /* Shown once: only its hash is kept. */
                fprintf(out, "%s\n", token);
                fprintf(stderr, "token %s (%s) added; keep it now, it is not shown again\n", name, role_name(role));
                status = 0;
            }
        }
    } else if (strcmp(action, "list") == 0 && argc == 1) {
        api_token *list;
        size_t n;
        status = 1;
        if (store_tokens(s, a, &list, &n) == STORE_OK) {
            for (size_t i = 0; i < n; i++)
                fprintf(out, "%-24s %-7s %s\n", list[i].name, role_name(list[i].role), list[i].revoked_at ? "revoked" : "active");
            status = 0;
        }
    } else if (strcmp(action, "revoke") == 0 && argc == 2) {
        int rc = store_token_revoke(s, argv[1]);
        status = rc == STORE_OK ? 0 : 1;
        if (rc == STORE_OK) fprintf(out, "revoked %s\n", argv[1]);
        else fprintf(stderr, "gazette: %s\n", rc == STORE_NOT_FOUND ? "there is no active token by that name" : store_error(s));
    } else {
        fprintf(stderr, "gazette token: add --name N --role admin|editor|author | list | revoke N\n");
    }
    arena_free(a);
    return status;
}

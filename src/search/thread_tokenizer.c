/* Per-thread search tokenizers. See thread_tokenizer.h. */
#include "thread_tokenizer.h"
#include "../core/fatal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const editions[3] = {"en", "ru", "az"};
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Frees a thread's tokenizers as it ends. */
static void free_set(void *p) {
    search_tokenizer **set = p;
    for (int i = 0; i < 3; i++) search_tokenizer_free(set[i]);
    free(set);
}

/* Makes the threads' key, once. */
static void make_key(void) {
    if (pthread_key_create(&key, free_set) != 0) fatal("pthread_key_create failed");
}

search_tokenizer *search_thread_tokenizer(const char *lang) {
    pthread_once(&once, make_key);
    search_tokenizer **set = pthread_getspecific(key);
    if (!set) {
        set = xcalloc(3, sizeof *set);
        if (pthread_setspecific(key, set) != 0) fatal("pthread_setspecific failed");
    }
    int i = 0;
    for (int k = 0; lang && k < 3; k++)
        if (strcmp(lang, editions[k]) == 0) i = k;
    if (!set[i] && !(set[i] = search_tokenizer_new(editions[i]))) fatal("no search tokenizer for %s", editions[i]);
    return set[i];
}

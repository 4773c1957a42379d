/*
** One search tokenizer per edition per thread, made on first use and
** freed when the thread ends: stemmers are not thread-safe, and making one
** per request would cost an allocation storm. For code outside the store
** that parses queries (search_query_build) in a worker thread.
*/
#ifndef GAZETTE_THREAD_TOKENIZER_H
#define GAZETTE_THREAD_TOKENIZER_H

#include "tokenize.h"

/* The calling thread's tokenizer of edition lang ("en", "ru", "az"; any
** other is "en"'s), owned by the thread: never freed by the caller. */
search_tokenizer *search_thread_tokenizer(const char *lang);

#endif

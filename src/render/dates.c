/* Month names per language; Russian uses the genitive ("14 февраля"). */
#include "dates.h"
#include "../core/timeutil.h"

#include <string.h>

static const char *month_name(const char *lang, int month) {
    static const char *const en[12] = {"January", "February", "March", "April", "May", "June",
                                       "July", "August", "September", "October", "November",
                                       "December"};
    static const char *const ru[12] = {"января", "февраля", "марта", "апреля", "мая", "июня",
                                       "июля", "августа", "сентября", "октября", "ноября",
                                       "декабря"};
    static const char *const az[12] = {"yanvar", "fevral", "mart", "aprel", "may", "iyun",
                                       "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
                                       "dekabr"};
    if (strcmp(lang, "ru") == 0) return ru[month];
    if (strcmp(lang, "az") == 0) return az[month];
    return en[month];
}

char *date_day(arena *a, const char *lang, int64_t epoch) {
    struct tm tm;
    timeutil_local(epoch, &tm);
    return arena_printf(a, "%d %s %d", tm.tm_mday, month_name(lang, tm.tm_mon),
                        tm.tm_year + 1900);
}

char *date_long(arena *a, const char *lang, int64_t epoch) {
    struct tm tm;
    timeutil_local(epoch, &tm);
    return arena_printf(a, "%d %s %d %02d:%02d", tm.tm_mday, month_name(lang, tm.tm_mon),
                        tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

char *date_when(arena *a, const char *lang, int64_t epoch, int64_t now) {
    struct tm tm, today;
    timeutil_local(epoch, &tm);
    timeutil_local(now, &today);
    if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
        return arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return arena_printf(a, "%d %s", tm.tm_mday, month_name(lang, tm.tm_mon));
}

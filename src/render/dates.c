/* Month names per language; Russian uses the genitive ("14 февраля"). */
#include "dates.h"
#include "../core/timeutil.h"
#include "i18n.h"

#include <string.h>

/* A month's name as dates write it, from the catalogues (context "date":
** Russian uses the genitive, "14 февраля"). */
static const char *month_name(const char *lang, int month) {
    static const char *const months[12] = {
        NC_("date", "January"), NC_("date", "February"), NC_("date", "March"),
        NC_("date", "April"),   NC_("date", "May"),      NC_("date", "June"),
        NC_("date", "July"),    NC_("date", "August"),   NC_("date", "September"),
        NC_("date", "October"), NC_("date", "November"), NC_("date", "December"),
    };
    return i18n_translate_context(lang, "date", months[month]);
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

#ifndef LINTEL_CMATIO_SHIM_H
#define LINTEL_CMATIO_SHIM_H
#include <stdio.h>
#include <string.h>
#include <matio.h>

// matio reports problems by printing them to stderr through its logger, while Lintel says one
// line of its own. Its logger is a plain C function pointer and Swift 6 cannot share a mutable
// buffer with one, so the logger lives here: it keeps the last error matio reported (per
// thread) for the one-line message, and prints nothing.
static _Thread_local char lintel_matio_last_error[256];

static void lintel_matio_log(int level, char *message) {
    if ((level & (MATIO_LOG_LEVEL_ERROR | MATIO_LOG_LEVEL_CRITICAL)) && message != NULL) {
        snprintf(lintel_matio_last_error, sizeof lintel_matio_last_error, "%s", message);
    }
}

/// Routes matio's messages to the logger above; call before opening a file.
static inline void lintel_matio_silence(void) { Mat_LogInitFunc("lintel", lintel_matio_log); }

/// The last error matio reported on this thread ("" when none), and forgets it.
static inline const char *lintel_matio_take_last_error(void) {
    static _Thread_local char taken[256];
    memcpy(taken, lintel_matio_last_error, sizeof taken);
    lintel_matio_last_error[0] = '\0';
    return taken;
}
#endif

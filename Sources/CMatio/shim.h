#ifndef LINTEL_CMATIO_SHIM_H
#define LINTEL_CMATIO_SHIM_H
#include <stdio.h>
#include <string.h>
#include <matio.h>

// matio reports problems by printing them to stderr through its logger, while Lintel says one
// line of its own. Its logger is a plain C function pointer and Swift 6 cannot share a mutable
// buffer with one, so the logger lives here: it keeps the last error matio reported (per
// thread) for the one-line message, and prints nothing.

/// This thread's last error from matio ("" when none).
static inline char *lintel_matio_error_buffer(void) {
    static _Thread_local char buffer[256];
    return buffer;
}

static inline void lintel_matio_log(int level, char *message) {
    if ((level & (MATIO_LOG_LEVEL_ERROR | MATIO_LOG_LEVEL_CRITICAL)) && message != NULL) {
        snprintf(lintel_matio_error_buffer(), 256, "%s", message);
    }
}

/// Routes matio's messages to the logger above; call before opening a file.
static inline void lintel_matio_silence(void) { Mat_LogInitFunc("lintel", lintel_matio_log); }

/// Copies the last error matio reported on this thread into `buffer` (256 bytes; "" when
/// none) and forgets it.
static inline void lintel_matio_take_error(char buffer[256]) {
    memcpy(buffer, lintel_matio_error_buffer(), 256);
    lintel_matio_error_buffer()[0] = '\0';
}
#endif

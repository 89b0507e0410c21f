#ifndef LINTEL_CSIGNALPIPE_H
#define LINTEL_CSIGNALPIPE_H

// Why C: a signal handler may only do async-signal-safe things, and Swift code promises
// nothing of the kind (it may allocate, retain, or take a lock). This handler only writes the
// signal's number to a pipe; Swift reads the pipe on a dispatch queue.
//
// Why not a dispatch signal source: on Linux, libdispatch installs its handler later, on its
// own manager thread, after the source is resumed. A signal arriving in between met the
// disposition set before (SIG_IGN) and was lost — a Ctrl-C seen but not obeyed. sigaction()
// here is in place when the call returns.

/// The read end of the signal pipe (made on the first call, non-blocking, close-on-exec),
/// or -1 when no pipe could be made.
int lintel_signal_pipe_read_end(void);

/// From now on, `signal_number` writes its number to the pipe instead of taking its default
/// action. Returns 0, or -1 (errno set) when the pipe or the handler could not be set up.
int lintel_signal_catch(int signal_number);

/// Gives `signal_number` its default action back.
void lintel_signal_release(int signal_number);

/// 1 when `signal_number` is ignored (SIG_IGN), as for a background job's Ctrl-C or a hang-up
/// under nohup; 0 otherwise.
int lintel_signal_is_ignored(int signal_number);

/// Until lintel_fault_guard_end(), a fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL) prints
/// `fault_line`, and `seconds` passing (SIGALRM; 0 for no limit) prints `timeout_line`, to
/// standard error (each copied here, at most 1023 bytes; end them with a newline) and ends the
/// process with status 2. For reading a damaged file through a C library that can fault or
/// loop on it (HDF5 1.10 follows a corrupted heap reference): the state after a fault cannot be
/// trusted and a loop inside the library cannot be left, so the process ends, but with the one
/// line that names the file instead of a crash or a hang. Not reentrant: one guard at a time.
void lintel_fault_guard_begin(const char *fault_line, const char *timeout_line, unsigned seconds);

/// Cancels the time limit and gives the signals back the actions they had before
/// lintel_fault_guard_begin().
void lintel_fault_guard_end(void);

#endif

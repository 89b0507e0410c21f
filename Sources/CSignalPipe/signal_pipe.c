#include "CSignalPipe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int pipe_ends[2] = {-1, -1};
static pthread_once_t pipe_made = PTHREAD_ONCE_INIT;

static void make_pipe(void) {
    int ends[2];
    if (pipe(ends) != 0) return;
    for (int i = 0; i < 2; i++) {
        fcntl(ends[i], F_SETFD, FD_CLOEXEC);
        fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
    }
    pipe_ends[0] = ends[0];
    pipe_ends[1] = ends[1];
}

// A full pipe drops the byte: the reader is already due to wake, and one more of the same
// signal adds nothing it will not do anyway.
static void write_signal_number(int signal_number) {
    int saved = errno;
    unsigned char byte = (unsigned char)signal_number;
    ssize_t written = write(pipe_ends[1], &byte, 1);
    (void)written;
    errno = saved;
}

int lintel_signal_pipe_read_end(void) {
    pthread_once(&pipe_made, make_pipe);
    return pipe_ends[0];
}

int lintel_signal_catch(int signal_number) {
    if (lintel_signal_pipe_read_end() < 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = write_signal_number;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signal_number, &action, NULL);
}

void lintel_signal_release(int signal_number) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
}

int lintel_signal_is_ignored(int signal_number) {
    struct sigaction current;
    if (sigaction(signal_number, NULL, &current) != 0) return 0;
    return current.sa_handler == SIG_IGN;
}

static const int fault_signals[5] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGALRM};
static struct sigaction fault_previous[5];
static char fault_line[1024];
static size_t fault_line_length;
static char timeout_line[1024];
static size_t timeout_line_length;

static void report_fault_and_exit(int signal_number) {
    const char *line = signal_number == SIGALRM ? timeout_line : fault_line;
    size_t length = signal_number == SIGALRM ? timeout_line_length : fault_line_length;
    ssize_t written = write(STDERR_FILENO, line, length);
    (void)written;
    _exit(2);
}

static size_t copy_line(char *destination, const char *line) {
    size_t length = strlen(line);
    if (length > 1023) length = 1023;
    memcpy(destination, line, length);
    destination[length] = 0;
    return length;
}

void lintel_fault_guard_begin(const char *fault, const char *timeout, unsigned seconds) {
    fault_line_length = copy_line(fault_line, fault);
    timeout_line_length = copy_line(timeout_line, timeout);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = report_fault_and_exit;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 5; i++) sigaction(fault_signals[i], &action, &fault_previous[i]);
    alarm(seconds);
}

void lintel_fault_guard_end(void) {
    alarm(0);
    for (int i = 0; i < 5; i++) sigaction(fault_signals[i], &fault_previous[i], NULL);
}

#ifndef LINTEL_ALLOCATION_COUNTER_H
#define LINTEL_ALLOCATION_COUNTER_H

// Counts heap allocations made by the calling thread, for tests that prove a code path does not
// allocate. On Linux the test executable defines malloc, calloc, realloc, posix_memalign,
// aligned_alloc and memalign itself (forwarding to glibc's __libc_* entry points), so every
// allocation in the process — Swift runtime, Foundation, OpenBLAS — goes through the counter.

/// Whether allocations can be counted on this platform.
int lintel_allocation_counting_available(void);

/// Starts counting the calling thread's allocations from zero.
void lintel_allocation_counting_begin(void);

/// Stops counting and returns the calling thread's allocations since the matching begin
/// (-1 where counting is unavailable).
long lintel_allocation_counting_end(void);

#endif

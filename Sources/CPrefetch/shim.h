#ifndef LINTEL_CPREFETCH_SHIM_H
#define LINTEL_CPREFETCH_SHIM_H

// Swift has no prefetch of its own. This asks for the cache line at p to be fetched for
// reading, marked as wanted later rather than at once (prefetcht2 on x86): for a row that a
// later pass will read, too far ahead for L1 to keep. A hint only: it changes no result and
// never faults, even on an address that is not mapped.
static inline void lintel_prefetch_outer(const void *p) { __builtin_prefetch(p, 0, 1); }

#endif

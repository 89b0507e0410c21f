#include "CAllocationCounter.h"

#if defined(__linux__)
#include <stdlib.h>  // defines __GLIBC__ on glibc systems
#endif

// A sanitizer's runtime defines malloc and free itself and must see every allocation: an
// interposer here would hide them from it (or be bypassed by it). Built with a sanitizer
// (`swift build --sanitize=…`, .ci/sanitize), the counter steps aside and reports itself
// unavailable; AllocationTests is then skipped with that reason.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LINTEL_SANITIZED 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(LINTEL_SANITIZED)

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);
extern void *__libc_memalign(size_t alignment, size_t size);

// Thread-local so that tests running in parallel on other threads do not disturb the count;
// initial-exec TLS never allocates, so it is safe inside malloc itself.
static __thread int counting __attribute__((tls_model("initial-exec"))) = 0;
static __thread long allocations __attribute__((tls_model("initial-exec"))) = 0;

static inline void note(void) {
    if (counting) allocations += 1;
}

void *malloc(size_t size) {
    note();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    note();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    note();
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

void *memalign(size_t alignment, size_t size) {
    note();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    note();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    note();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return 12;  // ENOMEM
    *result = pointer;
    return 0;
}

int lintel_allocation_counting_available(void) { return 1; }

void lintel_allocation_counting_begin(void) {
    allocations = 0;
    counting = 1;
}

long lintel_allocation_counting_end(void) {
    counting = 0;
    return allocations;
}

#else

int lintel_allocation_counting_available(void) { return 0; }
void lintel_allocation_counting_begin(void) {}
long lintel_allocation_counting_end(void) { return -1; }

#endif

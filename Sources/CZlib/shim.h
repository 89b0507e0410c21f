#ifndef LINTEL_CZLIB_SHIM_H
#define LINTEL_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 and inflateInit2 are macros that Swift cannot import.
static inline int lintel_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}
static inline int lintel_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif

#ifndef LINTEL_CNCURSESW_SHIM_H
#define LINTEL_CNCURSESW_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>

// Swift 6 cannot read these C globals or import function-like macros; each gets a function.
static inline WINDOW *lintel_stdscr(void) { return stdscr; }
static inline int lintel_lines(void) { return LINES; }
static inline int lintel_cols(void) { return COLS; }
static inline int lintel_colors(void) { return COLORS; }
static inline int lintel_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t lintel_a_bold(void) { return A_BOLD; }
static inline attr_t lintel_a_dim(void) { return A_DIM; }
static inline attr_t lintel_a_reverse(void) { return A_REVERSE; }
static inline attr_t lintel_a_underline(void) { return A_UNDERLINE; }
static inline attr_t lintel_a_normal(void) { return A_NORMAL; }
static inline int lintel_key_resize(void) { return KEY_RESIZE; }
static inline int lintel_key_mouse(void) { return KEY_MOUSE; }
#endif

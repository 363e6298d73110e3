#ifndef RUNBOOK_CNCURSES_SHIM_H
#define RUNBOOK_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE; without this the wide-character
// API (wget_wch, wint_t, cchar_t) is not declared.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

// Swift 6 rejects C globals (stdscr, COLOR_PAIRS) as not
// concurrency-safe, and macros built from NCURSES_BITS do not import:
// these accessors give Swift what it cannot reach directly.
static inline WINDOW *rb_stdscr(void) { return stdscr; }
static inline int rb_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t rb_a_normal(void) { return A_NORMAL; }
static inline attr_t rb_a_bold(void) { return A_BOLD; }
static inline attr_t rb_a_dim(void) { return A_DIM; }
static inline attr_t rb_a_reverse(void) { return A_REVERSE; }
static inline attr_t rb_a_underline(void) { return A_UNDERLINE; }
static inline int rb_color_pair(int n) { return COLOR_PAIR(n); }

static inline void rb_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
#endif

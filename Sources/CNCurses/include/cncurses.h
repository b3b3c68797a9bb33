#ifndef CNCURSES_H
#define CNCURSES_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <wchar.h>

/* Values of ncurses macros that Swift cannot import (they are built from expressions). */
mmask_t cnc_all_mouse_events(void);
mmask_t cnc_report_mouse_position(void);
mmask_t cnc_button1_pressed(void);
mmask_t cnc_button1_released(void);
mmask_t cnc_button1_clicked(void);
mmask_t cnc_button2_pressed(void);
mmask_t cnc_button2_released(void);
mmask_t cnc_button3_pressed(void);
mmask_t cnc_button3_released(void);
mmask_t cnc_button4_pressed(void);
mmask_t cnc_button5_pressed(void);
int cnc_key_resize(void);
int cnc_key_mouse(void);
int cnc_color_pair(int n);
attr_t cnc_a_normal(void);
attr_t cnc_a_reverse(void);
attr_t cnc_a_bold(void);
attr_t cnc_a_dim(void);
attr_t cnc_a_underline(void);

/* newterm(term) on stdout/stdin (term NULL: $TERM), made current; ERR (instead of initscr's exit)
 * when the terminal type is unknown. */
int cnc_start(const char *term);

/* Globals, read through functions so Swift 6 sees no shared mutable state. */
WINDOW *cnc_stdscr(void);
int cnc_lines(void);
int cnc_cols(void);
int cnc_colors(void);
int cnc_color_pairs(void);
/* Where ncurses believes the terminal's cursor is after the last refresh (curscr). */
int cnc_screen_cursor_row(void);
int cnc_screen_cursor_col(void);
/* The next refresh repaints the whole screen (clearok on curscr). */
void cnc_repaint_all(void);

/* One cell: `ch` in colour pair `pair` (extended pairs allowed) with `attrs`, at row y, column x. */
int cnc_put_cell(int y, int x, wchar_t ch, attr_t attrs, int pair);
/* UTF-8 text at (y, x), at most `max_bytes` bytes, with one attribute set and pair. */
int cnc_put_text(int y, int x, const char *utf8, int max_bytes, attr_t attrs, int pair);
/* getmouse() flattened: returns OK/ERR and fills column, row and button state. */
int cnc_get_mouse(int *x, int *y, mmask_t *state);

/* TIOCGWINSZ on fd: size in cells and in pixels (the pixel sizes are 0 when the terminal does
 * not report them). ERR when fd is not a terminal. */

/* ---- Signal safety: the terminal is restored however the process ends. ----
 * cnc_save_shell_mode() records the tty modes before ncurses changes them;
 * cnc_set_restore_sequence() stores the bytes that undo ncurses' screen set-up (mouse modes off,
 * attributes reset, cursor shown, alternate screen left); an empty string disarms the restore.
 * cnc_install_signal_handlers(): SIGINT/SIGTERM/SIGHUP set a flag read by cnc_pending_signal() so the
 * main loop can autosave and exit cleanly (a second such signal restores at once and dies);
 * SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGTRAP/SIGABRT restore the terminal; a real fault then goes on to
 * the previous handler (the Swift runtime's backtracer, or the default action), a signal sent
 * with kill or abort() ends the process with the default action. */
void cnc_save_shell_mode(void);
void cnc_set_restore_sequence(const char *bytes);
void cnc_install_signal_handlers(void);
int cnc_pending_signal(void);
/* Restores the terminal (async-signal-safe), then re-raises `sig` with its default action. */
void cnc_die_by_signal(int sig);
#endif

#ifndef CNCURSES_H
#define CNCURSES_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>

/* Values of ncurses macros that Swift cannot import (they are built from expressions). */
mmask_t cnc_all_mouse_events(void);
mmask_t cnc_report_mouse_position(void);
mmask_t cnc_button1_pressed(void);
mmask_t cnc_button1_released(void);
mmask_t cnc_button1_clicked(void);
mmask_t cnc_button3_pressed(void);
mmask_t cnc_button4_pressed(void);
mmask_t cnc_button5_pressed(void);
int cnc_key_resize(void);
int cnc_key_mouse(void);
int cnc_color_pair(int n);
#endif

#include "cncurses.h"

mmask_t cnc_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
mmask_t cnc_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
mmask_t cnc_button1_pressed(void) { return BUTTON1_PRESSED; }
mmask_t cnc_button1_released(void) { return BUTTON1_RELEASED; }
mmask_t cnc_button1_clicked(void) { return BUTTON1_CLICKED; }
mmask_t cnc_button3_pressed(void) { return BUTTON3_PRESSED; }
mmask_t cnc_button4_pressed(void) { return BUTTON4_PRESSED; }
mmask_t cnc_button5_pressed(void) { return BUTTON5_PRESSED; }
int cnc_key_resize(void) { return KEY_RESIZE; }
int cnc_key_mouse(void) { return KEY_MOUSE; }
int cnc_color_pair(int n) { return COLOR_PAIR(n); }

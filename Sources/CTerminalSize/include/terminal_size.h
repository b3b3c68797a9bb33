/* The size of a terminal in cells and pixels (TIOCGWINSZ: ioctl is variadic, so Swift needs this). */
#ifndef TERMINAL_SIZE_H
#define TERMINAL_SIZE_H

/* 0 on success, -1 when `fd` is not a terminal. */
int terminal_size(int fd, int *columns, int *rows, int *pixel_width, int *pixel_height);

#endif

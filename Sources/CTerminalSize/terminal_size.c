#include "terminal_size.h"

#include <sys/ioctl.h>

int terminal_size(int fd, int *columns, int *rows, int *pixel_width, int *pixel_height) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *columns = size.ws_col;
    *rows = size.ws_row;
    *pixel_width = size.ws_xpixel;
    *pixel_height = size.ws_ypixel;
    return 0;
}

#include "cncurses.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

mmask_t cnc_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
mmask_t cnc_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
mmask_t cnc_button1_pressed(void) { return BUTTON1_PRESSED; }
mmask_t cnc_button1_released(void) { return BUTTON1_RELEASED; }
mmask_t cnc_button1_clicked(void) { return BUTTON1_CLICKED; }
mmask_t cnc_button2_pressed(void) { return BUTTON2_PRESSED; }
mmask_t cnc_button2_released(void) { return BUTTON2_RELEASED; }
mmask_t cnc_button3_pressed(void) { return BUTTON3_PRESSED; }
mmask_t cnc_button3_released(void) { return BUTTON3_RELEASED; }
mmask_t cnc_button4_pressed(void) { return BUTTON4_PRESSED; }
mmask_t cnc_button5_pressed(void) { return BUTTON5_PRESSED; }
int cnc_key_resize(void) { return KEY_RESIZE; }
int cnc_key_mouse(void) { return KEY_MOUSE; }
int cnc_color_pair(int n) { return COLOR_PAIR(n); }
attr_t cnc_a_normal(void) { return A_NORMAL; }
attr_t cnc_a_reverse(void) { return A_REVERSE; }
attr_t cnc_a_bold(void) { return A_BOLD; }
attr_t cnc_a_dim(void) { return A_DIM; }
attr_t cnc_a_underline(void) { return A_UNDERLINE; }

int cnc_start(const char *term) {
    SCREEN *screen = newterm(term, stdout, stdin);
    if (screen == NULL) return ERR;
    set_term(screen);
    return OK;
}

WINDOW *cnc_stdscr(void) { return stdscr; }
int cnc_lines(void) { return LINES; }
int cnc_cols(void) { return COLS; }
int cnc_colors(void) { return COLORS; }
int cnc_color_pairs(void) { return COLOR_PAIRS; }
int cnc_screen_cursor_row(void) { return getcury(curscr); }
int cnc_screen_cursor_col(void) { return getcurx(curscr); }
void cnc_repaint_all(void) { clearok(curscr, TRUE); }

int cnc_put_cell(int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = {ch, L'\0'};
    /* The short pair argument is ignored when opts points at the (extended) int pair. */
    if (setcchar(&cell, text, attrs, 0, &pair) == ERR) return ERR;
    return mvadd_wch(y, x, &cell);
}

int cnc_put_text(int y, int x, const char *utf8, int max_bytes, attr_t attrs, int pair) {
    attr_set(attrs, 0, &pair);
    int result = mvaddnstr(y, x, utf8, max_bytes);
    attr_set(A_NORMAL, 0, NULL);
    return result;
}

int cnc_get_mouse(int *x, int *y, mmask_t *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x;
    *y = event.y;
    *state = event.bstate;
    return OK;
}

/* ---- Signal safety ---- */

static struct termios shell_mode;
static volatile sig_atomic_t have_shell_mode = 0;
static char restore_bytes[512];
static volatile sig_atomic_t restore_length = 0;
static volatile sig_atomic_t pending_signal = 0;
static struct sigaction previous_actions[NSIG];

static const int quit_signals[] = {SIGINT, SIGTERM, SIGHUP};
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT};

/* write(2) and tcsetattr(3) only: both are async-signal-safe. */
static void restore_terminal(void) {
    size_t length = (size_t)restore_length;
    restore_length = 0;
    if (length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, restore_bytes, length);
        (void)ignored;
    }
    if (have_shell_mode) tcsetattr(STDIN_FILENO, TCSANOW, &shell_mode);
}

void cnc_save_shell_mode(void) {
    if (tcgetattr(STDIN_FILENO, &shell_mode) == 0) have_shell_mode = 1;
}

void cnc_set_restore_sequence(const char *bytes) {
    restore_length = 0;
    size_t length = strlen(bytes);
    if (length >= sizeof restore_bytes) length = sizeof restore_bytes - 1;
    memcpy(restore_bytes, bytes, length);
    restore_length = (sig_atomic_t)length;
}

static void on_quit_signal(int sig) {
    if (pending_signal != 0) {
        /* The main loop has not reacted to the first signal: it is stuck, so restore and die. */
        cnc_die_by_signal(sig);
        return;
    }
    pending_signal = sig;
}

static void on_fatal_signal(int sig, siginfo_t *info, void *context) {
    (void)context;
    if (info == NULL || info->si_code <= 0) {
        /* Sent (kill, abort): nothing will fault again, so die here with the default action. */
        cnc_die_by_signal(sig);
        return;
    }
    /* A real fault or trap: restore the terminal and hand the signal to whoever had it before
     * (the Swift runtime's backtracer prints its crash report onto the now-sane terminal, then
     * the default action ends the process) by letting the faulting instruction run again. */
    restore_terminal();
    sigaction(sig, &previous_actions[sig], NULL);
}

void cnc_install_signal_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_quit_signal;
    for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++) {
        sigaction(quit_signals[i], &action, &previous_actions[quit_signals[i]]);
    }
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        sigaction(fatal_signals[i], &action, &previous_actions[fatal_signals[i]]);
    }
}

int cnc_pending_signal(void) { return pending_signal; }

void cnc_die_by_signal(int sig) {
    restore_terminal();
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

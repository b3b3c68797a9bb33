# Helpers shared by the tmux-driven studio tests (studio_e2e.sh, studio_soak.sh, crash_trials.sh).
# Sourced, not run. The caller sets SOCKET (its own tmux server, so a user's tmux is never touched)
# and TARGET (the session whose pane runs the studio) before calling any of these.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${SPADE_STUDIO_BIN:-$ROOT/.build/release/spade-studio}"
PYTHON=/usr/bin/python3

# Exits 2 (a setup problem, not a test failure) when something the tests need is missing.
require_tools() {
    local name="$1"
    shift
    [[ -x "$BIN" ]] || { echo "$name: $BIN is not built (make build, or set SPADE_STUDIO_BIN)" >&2; exit 2; }
    command -v tmux >/dev/null || { echo "$name: tmux is not installed" >&2; exit 2; }
    "$PYTHON" -c "import PIL" 2>/dev/null || { echo "$name: $PYTHON lacks PIL (python3-pil)" >&2; exit 2; }
    local file
    for file in "$@"; do
        [[ -f "$file" ]] || { echo "$name: $file is missing (make fixtures?)" >&2; exit 2; }
    done
}

# A shell of our own in the pane: known prompt, a temporary HOME (autosaves land there), a
# terminal type whose terminfo is everywhere, UTF-8 for the half blocks. No history file: the
# shell would write it into HOME when kill-server hangs it up, racing the cleanup's rm -rf.
shell_command() {
    echo "env -i PATH=$PATH HOME=$1 HISTFILE= TERM=tmux-256color LANG=C.UTF-8 PS1='e2e\$ ' bash --norc --noprofile"
}

t() { tmux -L "$SOCKET" "$@"; }
screen() { t capture-pane -p -t "$TARGET"; }
keys() { t send-keys -t "$TARGET" "$@"; }
# The SGR mouse report a terminal sends in mode 1006 (1-based column and row).
mouse() { t send-keys -t "$TARGET" -l $'\e[<'"$1"; }
# capture-pane prints every row of the pane, so these hold at any pane size.
status_bar() { screen | tail -n 2 | head -n 1; }
message_line() { screen | tail -n 1; }
pane_flags() { t display -p -t "$TARGET" '#{alternate_on}#{mouse_any_flag}#{mouse_sgr_flag}'; }

# Waits until the pane shows `text` (fixed string); prints the pane when it never does.
wait_for() {
    local text="$1" tenths=$((${2:-20} * 10)) i
    for ((i = 0; i < tenths; i++)); do
        screen | grep -qF -- "$text" && return 0
        sleep 0.1
    done
    echo "  (waited for '$text'; the pane shows:)"
    screen | sed 's/^/  | /'
    return 1
}

# Waits until the render worker is idle with an exact render on screen.
wait_idle() { wait_for "│ exact │" "${1:-20}"; }

# The studio: the pane's shell's only child (empty when it has ended).
studio_pid() { pgrep -P "$(t display -p -t "$TARGET" '#{pane_pid}')" || true; }

# Waits until the studio process has ended (the pane's shell has no child left).
wait_gone() {
    local i
    for ((i = 0; i < 300; i++)); do
        [[ -z "$(studio_pid)" ]] && return 0
        sleep 0.1
    done
    return 1
}

contains() { [[ "$1" == *"$2"* ]]; }
lacks() { [[ "$1" != *"$2"* ]]; }
matches() { [[ "$1" =~ $2 ]]; }

passed=0
failed=0
check() {
    local name="$1"
    shift
    if "$@"; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
    fi
}

# NOW_US := microseconds since the epoch; a variable, not output, so timing loops need no fork.
now_us() { local t="$EPOCHREALTIME"; NOW_US=$((10#${t/[.,]/})); }

# A pause without a fork: a timed read on a FIFO nobody writes to (opened read-write, so the open
# does not block; unlinked at once, so nothing is left behind). Polling loops on a 2-core machine
# should not cost a process per turn.
pause() {
    if [[ -z "${PAUSE_FD:-}" ]]; then
        local fifo
        fifo="$(mktemp -u)"
        mkfifo "$fifo"
        exec {PAUSE_FD}<>"$fifo"
        rm -f "$fifo"
    fi
    read -r -t "$1" -u "$PAUSE_FD" _ || true
}

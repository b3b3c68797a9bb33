#!/usr/bin/env bash
# Crash-safety trials: the studio on the default model paints, is killed with SIGKILL (no chance
# to clean up), and is started again on the same canvas. Each trial checks that the restore is
# offered, that the restored canvas holds what was painted well before the kill (the autosave runs
# every 3 s while dirty), that the autosave and the canvas on disk are whole, and that whatever
# the kill left behind does not get in the way of the next start.
#
# Half the trials kill at a random moment; the other half kill the instant a temporary file of
# the atomic autosave write appears, to land inside the write; a kill that does leaves that
# temporary file, which the next start must remove (it belongs to a dead process). SIGTERM, SIGINT, SIGHUP and SIGSEGV
# during painting (terminal restored, autosave written) are covered by studio_e2e.sh.
#
#   bash Tests/e2e/crash_trials.sh [TRIALS]
#
#   CRASH_TRIALS  number of trials (default 5; the argument wins)
#   CRASH_SEED    seed of the random choices (default: random; always printed)
#
# Needs tmux, /usr/bin/python3 with PIL, and the built binary.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MODEL="${SOAK_MODEL:-$ROOT/Assets/landscape.safetensors}"
PALETTE="$ROOT/Palettes/landscape.json"
require_tools crash_trials "$MODEL" "$PALETTE"

TRIALS="${1:-${CRASH_TRIALS:-5}}"
SEED="${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}"
RANDOM="$SEED"

WORK="$(mktemp -d)"
HOME_DIR="$WORK/home"
AUTOSAVE_DIR="$HOME_DIR/.cache/spade-studio/autosave"
CANVAS="$WORK/trial.png"
AUTOSAVE="$AUTOSAVE_DIR/trial.png.session.json"
mkdir -p "$HOME_DIR"
SOCKET="spade-crash-$$"
TARGET=crash
SHELL_COMMAND="$(shell_command "$HOME_DIR")"
STUDIO="cd $WORK && $BIN studio --model $MODEL --palette $PALETTE --canvas $CANVAS"

cleanup() {
    t kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

rnd() { R=$((RANDOM % $1)); }

# Class hotkeys 1…E of the landscape palette: ids 1…14 (sky, id 0, is the background).
HOTKEYS=(2 3 4 5 6 7 8 9 0 A B C D E)
NAMES=(clouds mountain hill rock snow tree bush grass flower sand sea river lake dirt)

# At 100×32 the 64×64 canvas is drawn in cells 1…38 (SGR columns) and rows 7…25: the 78 columns
# left of the palette split into a 38-column canvas panel; 29 rows hold 58 dots, of which the
# square image takes 38, centred. The marker goes in the left part (canvas x ≲ 22), everything
# later in the right part (x ≳ 33), so later strokes never paint over the marker.
stroke() { # stroke COL_MIN COL_MAX: a left-button drag of random cells within those columns
    local lo=$1 hi=$2 x y n report
    rnd $((hi - lo + 1)); x=$((lo + R))
    rnd 17; y=$((8 + R))
    report=$'\e[<0;'"$x;${y}M"
    rnd 8
    for ((n = R + 3; n > 0; n--)); do
        rnd 5; x=$((x + R - 2))
        ((x >= lo)) || x=$lo
        ((x <= hi)) || x=$hi
        rnd 3; y=$((y + R - 1))
        ((y >= 8)) || y=8
        ((y <= 24)) || y=24
        report+=$'\e[<32;'"$x;${y}M"
    done
    t send-keys -t "$TARGET" -l "$report"$'\e[<0;'"$x;${y}m"
}

# Python checks on the files; the argument is the body, sys.argv[1:] the paths.
py() { local body="$1"; shift; "$PYTHON" - "$@" <<<"$body"; }
CANVAS_IS_WHOLE='
import sys
from PIL import Image
with Image.open(sys.argv[1]) as im:
    im.load()
    assert im.mode == "P" and im.size == (64, 64), (im.mode, im.size)
    assert max(im.getdata()) <= 14
'
# Prints the autosave canvas as hex, failing when the file does not parse or does not fit.
AUTOSAVE_CANVAS='
import base64, json, sys
s = json.load(open(sys.argv[1]))
canvas = base64.b64decode(s["canvas"])
assert s["version"] == 1 and s["width"] == 64 and s["height"] == 64 and len(canvas) == 64 * 64, s.keys()
assert max(canvas) <= 14
print(canvas.hex())
'

fresh_canvas() {
    py '
import sys
from PIL import Image
im = Image.new("P", (64, 64), 0)
im.putpalette([135, 200, 245] + [0, 0, 0] * 255)
im.save(sys.argv[1])
' "$CANVAS"
}

passed_trials=0
caught_writes=0
temporaries() { TEMPS=($(compgen -G "$AUTOSAVE_DIR/.*tmp*" || true)); }
trial_failed=0
# trial_check NAME COMMAND…: runs the check; a failure is reported and fails the trial, and the
# status is returned for the one caller that branches on it (the rest add `|| true`).
trial_check() {
    local name="$1"
    shift
    "$@" && return 0
    echo "  FAIL trial $trial: $name"
    trial_failed=1
    return 1
}

echo "crash_trials: seed $SEED, $TRIALS trials, model $(basename "$MODEL")"
t -f /dev/null new-session -d -s "$TARGET" -x 100 -y 32 "$SHELL_COMMAND"
t set-option -t "$TARGET" remain-on-exit on >/dev/null

for ((trial = 1; trial <= TRIALS; trial++)); do
    trial_failed=0
    fresh_canvas
    keys clear Enter
    keys "$STUDIO" Enter
    if ! wait_idle 60 >/dev/null; then
        echo "  FAIL trial $trial: the studio did not start"
        screen | sed 's/^/  | /'
        exit 1
    fi
    # A fresh canvas file is newer than any autosave, and the last trial's save removed its
    # autosave: no restore may be offered, whatever the earlier kills left in the directory.
    if [[ "$(message_line)" == *"Restore autosaved"* || "$(message_line)" == *"autosave not offered"* ]]; then
        echo "  FAIL trial $trial: unexpected start message: $(message_line)"
        exit 1
    fi
    sleep 0.5 # typing during the terminal-capability probe (250 ms) is swallowed
    pid="$(studio_pid)"
    temporaries # before this studio writes anything: what a kill leaves is counted against it
    before_kill=${#TEMPS[@]}

    # The marker: a class drawn only early, only on the left, and checked after the restore.
    rnd ${#HOTKEYS[@]}
    marker=$R
    marker_id=$((marker + 1))
    keys -l "${HOTKEYS[marker]}"
    stroke 2 12
    stroke 2 12
    wait_for "trial.png*" 10 >/dev/null || trial_check "the marker stroke never showed as unsaved" false || true
    now_us
    marked_us=$NOW_US
    # Everything painted 4 s before the kill must survive: 3 s between autosaves, 1 s for the
    # write (an fsync on a loaded disk is not instant).
    mode=$((trial % 2)) # 1: random moment, 0: inside an autosave write
    rnd 4000
    kill_after_us=$(((4000 + R) * 1000))
    caught=0
    while :; do
        rnd $((${#HOTKEYS[@]} - 1))
        other=$(((marker + 1 + R) % ${#HOTKEYS[@]}))
        keys -l "${HOTKEYS[other]}"
        stroke 22 37
        now_us
        if ((mode == 1)); then
            ((NOW_US - marked_us < kill_after_us)) || break
            rnd 300
            printf -v delay '0.%03d' $((R + 50))
            pause "$delay"
        else
            ((NOW_US - marked_us >= 4000000)) || { pause 0.1; continue; }
            # Watch for the temporary file of the next write (one is due within 3 s, since the
            # stroke just made the canvas dirty) and kill the moment it shows.
            for ((i = 0; i < 1700; i++)); do
                if compgen -G "$AUTOSAVE_DIR/.trial.png.session.json.tmp-$pid-*" >/dev/null; then
                    caught=1
                    break
                fi
                pause 0.002
            done
            ((caught == 0 && NOW_US - marked_us < 20000000)) || break
        fi
    done
    kill -KILL "$pid"
    now_us
    killed_after_ms=$(((NOW_US - marked_us) / 1000))
    for ((i = 0; i < 100; i++)); do [[ -e /proc/$pid ]] || break; pause 0.05; done

    # What the kill left: the canvas untouched and whole, the autosave whole; temporary files
    # from an interrupted write are counted (the write is atomic, so they are never the autosave).
    temporaries
    new_leftovers=$((${#TEMPS[@]} - before_kill))
    ((new_leftovers == 0)) || caught_writes=$((caught_writes + 1))
    trial_check "the canvas file is whole after kill -9" py "$CANVAS_IS_WHOLE" "$CANVAS" || true
    autosaved="$(py "$AUTOSAVE_CANVAS" "$AUTOSAVE" 2>&1)" || { trial_check "the autosave is whole after kill -9 ($autosaved)" false || true; autosaved=""; }
    [[ -z "$autosaved" ]] || trial_check "the autosave holds the marker (${NAMES[marker]}) painted ${killed_after_ms} ms before the kill" \
        py 'import sys; b = bytes.fromhex(sys.argv[1]); assert int(sys.argv[2]) in b' "$autosaved" "$marker_id" || true

    # Start again on the same canvas: the restore is offered, taken, saved, and the saved canvas
    # is the autosave's, marker included.
    t respawn-pane -k -t "$TARGET" "$SHELL_COMMAND"
    sleep 0.3
    keys "$STUDIO" Enter
    if trial_check "restart offers the restore" wait_for "Restore autosaved session from" 60; then
        keys y
        trial_check "restore accepted" wait_for "restored the autosaved session" 20 || true
        keys s
        trial_check "the restored canvas saves" wait_for "saved $CANVAS" 20 || true
        trial_check "the saved canvas is whole" py "$CANVAS_IS_WHOLE" "$CANVAS" || true
        [[ -z "$autosaved" ]] || trial_check "the saved canvas is the autosaved one, marker included" py '
import sys
from PIL import Image
saved = bytes(Image.open(sys.argv[1]).getdata())
assert saved == bytes.fromhex(sys.argv[2]), "differs from the autosave"
assert int(sys.argv[3]) in saved, "marker missing"
' "$CANVAS" "$autosaved" "$marker_id" || true
        keys q
        trial_check "a saved canvas quits at once" wait_gone || true
        trial_check "terminal restored after quit" test "$(pane_flags)" = 000 || true
        trial_check "the save removed the autosave" test ! -e "$AUTOSAVE" || true
        temporaries
        trial_check "the restart removed the temporary files of killed writes (${TEMPS[*]:-})" \
            test "${#TEMPS[@]}" -eq 0 || true
    fi
    if [[ -n "$(studio_pid)" ]]; then
        kill -KILL "$(studio_pid)" 2>/dev/null || true
        t respawn-pane -k -t "$TARGET" "$SHELL_COMMAND"
    fi
    kind="random kill"
    ((mode == 1)) || kind="kill on write (temp file seen: $caught)"
    if ((trial_failed)); then
        echo "FAIL trial $trial/$TRIALS: $kind after ${killed_after_ms} ms, marker ${NAMES[marker]}, leftovers $new_leftovers"
    else
        passed_trials=$((passed_trials + 1))
        echo "ok   trial $trial/$TRIALS: $kind after ${killed_after_ms} ms, marker ${NAMES[marker]}, leftovers $new_leftovers"
    fi
done

# Saves are atomic too and were never interrupted: no temporary file may be left beside the canvas.
stray=($(compgen -G "$WORK/.*tmp*" || true))
if ((${#stray[@]} > 0)); then
    echo "FAIL temporary files left beside the canvas: ${stray[*]}"
    passed_trials=$((passed_trials - 1))
fi
echo "crash_trials: $passed_trials/$TRIALS passed; $caught_writes kill(s) landed inside an autosave write" \
    "(left a temporary file, removed by the next start) (seed $SEED)"
((passed_trials == TRIALS))

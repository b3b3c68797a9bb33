#!/usr/bin/env bash
# End-to-end test of the studio as a user meets it: the real binary in a detached 100×32 tmux
# pane, driven with keys and SGR mouse reports, judged by what the pane shows and by the files
# it writes. Also: SIGTERM leaves a usable shell and an autosave, kill -9 is followed by an
# offer to restore, bad files fail before the UI starts, and `preview` prints images.
#
#   bash Tests/e2e/studio_e2e.sh            (binary: $SPADE_STUDIO_BIN, else .build/release)
#
# Needs tmux, the fixtures (make fixtures) and /usr/bin/python3 with PIL.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MODEL="$ROOT/Tests/Fixtures/generated/bn_vae_landscape/model.safetensors"
PALETTE="$ROOT/Palettes/landscape.json"
require_tools studio_e2e "$MODEL"

WORK="$(mktemp -d)"
HOME_DIR="$WORK/home"
OUT="$WORK/out"
mkdir -p "$HOME_DIR" "$OUT"
AUTOSAVE="$HOME_DIR/.cache/spade-studio/autosave/scene.png.session.json"
SOCKET="spade-e2e-$$"
TARGET=e2e
SHELL_COMMAND="$(shell_command "$HOME_DIR")"
STUDIO="cd $WORK && $BIN studio --model $MODEL --palette $PALETTE"

cleanup() {
    t kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Python assertions on the written PNGs; the argument is the body of the check.
png_check() { "$PYTHON" - "$OUT" <<<"$1"; }

t -f /dev/null new-session -d -s e2e -x 100 -y 32 "$SHELL_COMMAND"
t set-option -t e2e remain-on-exit on >/dev/null

# ---- Start and paint -------------------------------------------------------------------------
keys "$STUDIO" Enter
check "studio starts and renders" wait_idle 30
check "a plain start opens the lake example, untitled" contains "$(message_line)" "example 'lake' (untitled)"
keys o
check "the open prompt lists the examples" wait_for "Open canvas or example (beach lake meadow winter): "
keys Escape
# The rest paints on an empty canvas at the model's size.
keys : "new" Enter
check ":new opens an empty canvas at the model's size" wait_for "opened a new canvas (128×128)"
wait_idle 30 >/dev/null || true
check "status bar shows class, tool, size, seed, ψ" contains "$(status_bar)" " clouds │ brush │ size 12 │ seed 0 │ ψ off │"
check "status bar shows render time, state and file" matches "$(status_bar)" "│ [0-9]+ ms │ exact │ untitled$"
check "mouse reporting is on (SGR, any motion)" test "$(pane_flags)" = "111"

# Keyboard: mountain (hotkey 3) dabbed at the centre and five cells to the right.
keys 3 Space Right Right Right Right Right Space
check "hotkey selects mountain" wait_for " mountain │ brush"
# Mouse: sea (hotkey B) dragged across the upper canvas.
keys B
mouse "0;20;10M"
mouse "32;25;10M"
mouse "32;30;10M"
mouse "0;30;10m"
check "sea selected for the mouse stroke" wait_for " sea │ brush"
# Tree dabbed above the centre, then undone.
keys 7 Up Up Up Space
check "tree painted" wait_for " tree │ brush"
keys u
check "painting marks the canvas unsaved" wait_for "untitled*"

# Next latent: the status bar shows the new seed once rendered.
keys n
check "n shows seed 1" wait_for "│ seed 1 │"
wait_idle >/dev/null || true

# ---- Export and save -------------------------------------------------------------------------
keys x
check "export prompts for a prefix in the start folder" wait_for "Export path prefix: $WORK/spade"
keys C-u "$OUT/scene" Enter
check "export reports its files" wait_for "wrote scene_render.png, scene_labels.png, scene_variants.png" 30
keys s
check "save prompts for a name in the start folder" wait_for "Save canvas as: $WORK/untitled.png"
keys C-u "$OUT/scene.png" Enter
check "save reports the file" wait_for "saved $OUT/scene.png"
check "status shows the file, no unsaved mark" matches "$(status_bar)" "│ scene.png$"

check "saved canvas holds the painted class ids (PIL)" png_check '
import sys
from PIL import Image
im = Image.open(sys.argv[1] + "/scene.png")
assert im.mode == "P" and im.size == (128, 128), (im.mode, im.size)
ids = set(im.getdata())
assert {2, 11} <= ids, ids                           # mountain and sea over the starter scene
assert im.getpixel((64, 64)) == 2                    # the first keyboard dab
assert im.getpalette()[6:9] == [125, 100, 90]        # index 2 = mountain colour
row = [im.getpixel((x, 23)) for x in range(128)]
assert row.count(11) > 15, row                       # the mouse stroke
'
check "exported render has the model's size, labels the canvas's (PIL)" png_check '
import sys
from PIL import Image
render = Image.open(sys.argv[1] + "/scene_render.png")
assert render.mode == "RGB" and render.size == (128, 128), (render.mode, render.size)
# How to make it again, in its text chunks.
assert render.text["Seed"] == "1" and render.text["Psi"] == "off", render.text
assert render.text["Model"].endswith("bn_vae_landscape/model.safetensors"), render.text
assert "--seed 1" in render.text["Comment"] and "scene_labels.png" in render.text["Comment"], render.text
labels = Image.open(sys.argv[1] + "/scene_labels.png").convert("RGB")
assert labels.size == (128, 128) and labels.getpixel((64, 64)) == (125, 100, 90)
sheet = Image.open(sys.argv[1] + "/scene_variants.png")
assert sheet.size == (2 * 128 + 3 * 4, 2 * 128 + 3 * 4), sheet.size
'

COMMENT="$("$PYTHON" -c 'import sys; from PIL import Image; print(Image.open(sys.argv[1]).text["Comment"])' "$OUT/scene_render.png")"
check "the render's text chunk says how to make it again" test "${COMMENT% --out *}" != "$COMMENT"
check "the command in the render's text chunk makes it again" "$BIN" ${COMMENT#spade-studio }
check "… the same picture (PIL)" png_check '
import sys
import numpy as np
from PIL import Image
a = np.asarray(Image.open(sys.argv[1] + "/scene_render.png"), dtype=np.int16)
b = np.asarray(Image.open(sys.argv[1] + "/scene_again.png"), dtype=np.int16)
assert np.abs(a - b).max() <= 1, np.abs(a - b).max()   # 8-bit rounding of other thread counts
'

# ---- The painting as a film ------------------------------------------------------------------
# The session was recorded beside the autosave (and followed the canvas when it was saved as
# scene.png); timelapse renders it. Every frame's picture is an exact render, so the last one is the
# export's render (same canvas, same latent: seed 1). Keyboard, mouse and undo are checked by state.
FILM="$HOME_DIR/.cache/spade-studio/autosave/scene.png.session.json.film"
check "the session's film is recorded beside the autosave" test -s "$FILM"
check "timelapse writes an animated PNG" "$BIN" timelapse "$FILM" --model "$MODEL" --palette "$PALETTE" \
    --out "$OUT/film.png" --frames 12 --fps 6
check "the film's frames show the edits and end on the exact render (PIL)" png_check '
import sys
import numpy as np
from PIL import Image
film = Image.open(sys.argv[1] + "/film.png")
assert film.is_animated and film.n_frames >= 4, film.n_frames
frames = []
for i in range(film.n_frames):
    film.seek(i)
    frames.append(np.asarray(film.convert("RGB"), dtype=np.int16))
assert frames[0].shape == (128, 256, 3), frames[0].shape
labels_change = [np.abs(b[:, :128] - a[:, :128]).sum() for a, b in zip(frames, frames[1:])]
picture_change = [np.abs(b[:, 128:] - a[:, 128:]).sum() for a, b in zip(frames, frames[1:])]
assert sum(c > 0 for c in labels_change) >= 2, labels_change          # the strokes appear one by one
assert all((l > 0) == (p > 0) for l, p in zip(labels_change, picture_change)), (labels_change, picture_change)
render = np.asarray(Image.open(sys.argv[1] + "/scene_render.png").convert("RGB"), dtype=np.int16)
# Equal up to 8-bit rounding: the studio and the command may split the GEMMs over other thread counts.
assert np.abs(frames[-1][:, 128:] - render).max() <= 1, np.abs(frames[-1][:, 128:] - render).max()
'

# ---- Help, prompts that protect files --------------------------------------------------------
keys "?"
check "help overlay opens" wait_for "SpadeStudio keys"
keys Escape
keys x Enter
check "export never overwrites without asking" wait_for "exists. Overwrite? (y/n)"
keys n
check "answering n cancels" wait_for "cancelled"

# ---- SIGTERM: terminal restored, autosave written ----------------------------------------
keys 5 Space
check "unsaved again" wait_for "scene.png*"
kill -TERM "$(studio_pid)" 2>/dev/null || true
check "SIGTERM ends the studio" wait_gone
check "alternate screen and mouse modes are off" test "$(pane_flags)" = "000"
keys "echo pane-ok-\$((6*7))" Enter
check "the pane still takes commands" wait_for "pane-ok-42"
check "SIGTERM wrote the autosave" test -s "$AUTOSAVE"

# ---- kill -9: the periodic autosave is offered on restart ------------------------------------
keys clear Enter
keys "$STUDIO --canvas $OUT/scene.png" Enter
check "restart offers the SIGTERM autosave" wait_for "Restore autosaved session from" 30
keys n
check "declining keeps the saved canvas" wait_for "kept the canvas as saved"
keys 6 Space Left Left Space
check "painting after restart" wait_for "scene.png*"
before="$(stat -c %Y "$AUTOSAVE" 2>/dev/null || echo 0)"
sleep 4.5
check "autosave refreshed within 3 s while dirty" test "$(stat -c %Y "$AUTOSAVE" 2>/dev/null || echo 0)" -gt "$before"
kill -KILL "$(studio_pid)" 2>/dev/null || true
sleep 0.5
t respawn-pane -k -t e2e "$SHELL_COMMAND"
sleep 0.5
keys "$STUDIO --canvas $OUT/scene.png" Enter
check "after kill -9 the restart offers restore" wait_for "Restore autosaved session from" 30
check "the question names the time as HH:MM" matches "$(message_line)" "from [0-2][0-9]:[0-5][0-9]\? \(y/n\)$"
keys y
check "restore is accepted" wait_for "restored the autosaved session" 10
check "restored canvas is marked unsaved" contains "$(status_bar)" "scene.png*"
keys q
check "quit asks about unsaved changes, saying they are autosaved" wait_for "Unsaved changes stay in the autosave for next time. Quit? (y/n)"
keys n s
check "the restored canvas saves" wait_for "saved $OUT/scene.png"
check "it holds the snow painted before kill -9 (PIL)" png_check '
import sys
from PIL import Image
assert 5 in set(Image.open(sys.argv[1] + "/scene.png").getdata())
'
keys q
check "a saved canvas quits without asking" wait_gone
check "terminal restored after quit" test "$(pane_flags)" = "000"

# ---- SIGINT, SIGHUP and a crash (SIGSEGV, as from the render worker): terminal restored ----------
for signal in INT HUP SEGV; do
    keys clear Enter
    keys "$STUDIO --canvas $OUT/signal.png" Enter
    check "studio up before SIG$signal" wait_for "? help · : commands" 30
    sleep 0.5   # typing during the terminal-capability probe (250 ms) is swallowed
    keys 7 Space
    check "painted before SIG$signal" wait_for "signal.png*"
    kill -"$signal" "$(studio_pid)" 2>/dev/null || true
    check "SIG$signal ends the studio" wait_gone
    check "SIG$signal: alternate screen and mouse modes are off" test "$(pane_flags)" = "000"
    keys "echo after-$signal-\$((6*7))" Enter
    check "SIG$signal: the pane still takes commands" wait_for "after-$signal-42"
    rm -f "$HOME_DIR/.cache/spade-studio/autosave/signal.png.session.json"
done

# ---- Paint-to-image: a SinGAN model (the fixture: 3 scales, 40×31, 5 photo colours) ----------------
SINGAN="$ROOT/Tests/Fixtures/generated/singan/model.safetensors"
keys clear Enter
keys "cd $WORK && $BIN studio --model $SINGAN" Enter
check "a SinGAN model opens in paint-to-image mode" wait_idle 30
check "its title names the photograph's model and size" contains "$(screen | head -n 1)" "SpadeStudio · random 40×31 · canvas 40×31"
check "the status bar shows the injection scale where ψ was" contains "$(status_bar)" "│ seed 0 │ inject 1/2 │"
check "the palette is the photograph's colours" test "$(screen | grep -c "██ [1-5] ")" -eq 5
keys 3 t Space Right Right Right Down Down Space
check "a rectangle in the third colour is painted" wait_for "untitled*"
keys j
check "j steps the injection scale" wait_for "│ inject 2/2 │"
check "… and says what it means" contains "$(message_line)" "finest: most of your painting"
keys n
check "n steps the noise seed" wait_for "│ seed 1 │ inject 2/2 │"
wait_idle >/dev/null || true
keys x C-u "$OUT/photo" Enter
check "export writes render, painting and seeds sheet" wait_for "wrote photo_render.png, photo_labels.png, photo_variants.png" 30
PAINT_AGAIN="$("$PYTHON" -c 'import sys; from PIL import Image; print(Image.open(sys.argv[1]).text["Comment"])' "$OUT/photo_render.png")"
check "the render's text chunk is a paint2image command" contains "$PAINT_AGAIN" "paint2image --model $SINGAN --paint $OUT/photo_labels.png --inject-scale 2 --seed 1"
check "… which makes the same picture" "$BIN" ${PAINT_AGAIN#spade-studio }
check "the export is the model's size and the painting is its colours (PIL)" png_check '
import sys
import numpy as np
from PIL import Image
render = Image.open(sys.argv[1] + "/photo_render.png")
assert render.size == (40, 31), render.size
again = np.asarray(Image.open(sys.argv[1] + "/photo_again.png"), dtype=np.int16)
assert np.abs(np.asarray(render, dtype=np.int16) - again).max() <= 1
painting = Image.open(sys.argv[1] + "/photo_labels.png")
assert painting.mode == "P" and painting.size == (40, 31), (painting.mode, painting.size)
assert 2 in set(painting.getdata())                  # the rectangle in the third colour (id 2)
'
keys q y
check "quitting paint-to-image restores the terminal" wait_gone
check "… alternate screen and mouse modes off" test "$(pane_flags)" = "000"
check "the paint-to-image session's film renders" "$BIN" timelapse \
    "$HOME_DIR/.cache/spade-studio/autosave/untitled.session.json.film" --model "$SINGAN" --inject-scale 2 --out "$OUT/photo_film.png" --frames 4
check "… as the painting beside the picture, ending on the export's render (PIL)" png_check '
import sys
import numpy as np
from PIL import Image
film = Image.open(sys.argv[1] + "/photo_film.png")
assert film.n_frames >= 2, film.n_frames
film.seek(film.n_frames - 1)
last = np.asarray(film.convert("RGB"), dtype=np.int16)
assert last.shape == (31, 80, 3), last.shape
render = np.asarray(Image.open(sys.argv[1] + "/photo_render.png").convert("RGB"), dtype=np.int16)
assert np.abs(last[:, 40:] - render).max() <= 1, np.abs(last[:, 40:] - render).max()
'

# ---- Failures before the UI starts: one line, exit 2 ------------------------------------------
one_line_exit_2() {
    local expect="$1"
    shift
    local err status=0
    err="$("$@" 2>&1 >/dev/null </dev/null)" || status=$?
    [[ $status -eq 2 && "$(wc -l <<<"$err")" -eq 1 && "$err" == spade-studio:*"$expect"* ]] \
        || { echo "  (exit $status: $err)"; return 1; }
}
printf 'not a model' >"$WORK/corrupt.safetensors"
printf 'not a png' >"$WORK/corrupt.png"
check "corrupt canvas fails in one line" one_line_exit_2 "$WORK/corrupt.png" "$BIN" studio --model "$MODEL" --canvas "$WORK/corrupt.png"
check "corrupt model fails in one line" one_line_exit_2 "$WORK/corrupt.safetensors" "$BIN" studio --model "$WORK/corrupt.safetensors"
# A copy of the binary away from the repository finds no Assets/ beside it or in its directory.
mkdir -p "$WORK/bin"
cp "$BIN" "$WORK/bin/spade-studio"
check "missing default model says so" one_line_exit_2 "default model not found" \
    env -u SPADE_STUDIO_MODEL -C "$WORK" "$WORK/bin/spade-studio"
check "no terminal: clear refusal" one_line_exit_2 "needs a terminal" "$BIN" studio --model "$MODEL"

# ---- preview: the headless twin ---------------------------------------------------------------
"$BIN" preview "$OUT/scene_render.png" --graphics truecolor --width 20 >"$WORK/preview.txt"
check "preview prints 10 rows of half blocks" test "$(wc -l <"$WORK/preview.txt")" -eq 10
check "preview draws 20 × 10 cells" test "$(grep -o "▀" "$WORK/preview.txt" | wc -l)" -eq 200
check "preview uses 24-bit colour" grep -q $'\e\[38;2;' "$WORK/preview.txt"
"$BIN" preview "$OUT/scene_render.png" --graphics sixel --width 8 >"$WORK/preview.six"
check "preview prints a sixel image" matches "$(head -c 3 "$WORK/preview.six" | od -An -c | tr -d ' ')" '^033P'
# Each mode's output decoded back to pixels by an independent decoder, equal to the image within
# the mode's quantisation (Tests/e2e/decode_graphics.py; sixel through libsixel's sixel2png).
for mode in kitty iterm2 sixel truecolor 256; do
    "$BIN" preview "$OUT/scene_render.png" --graphics "$mode" --width 32 >"$WORK/preview.$mode"
    check "preview --graphics $mode decodes to the image" "$PYTHON" "$ROOT/Tests/e2e/decode_graphics.py" \
        "$mode" "$WORK/preview.$mode" "$OUT/scene_render.png"
done
COLORTERM=truecolor "$BIN" preview "$OUT/scene_render.png" --graphics halfblock --width 32 >"$WORK/preview.halfblock"
check "preview --graphics halfblock (truecolor terminal) decodes to the image" "$PYTHON" \
    "$ROOT/Tests/e2e/decode_graphics.py" truecolor "$WORK/preview.halfblock" "$OUT/scene_render.png"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

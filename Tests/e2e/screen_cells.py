"""Cells of a `tmux capture-pane -p -e` capture, and the checks the tmux tests make on them.

    screen_cells.py same A B            A and B show the same characters in the same colours
    screen_cells.py direct A            every colour in A is 24-bit or the default (no palette index)
    screen_cells.py canvas A B          the canvas panels (left of the first '│') of A and B agree
                                        in every half-block cell; a few cells may hold the cursor

Exits 1 with the first differences on stderr when a check fails.
"""

import re
import sys

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
HALF_BLOCKS = {"▀", "▄"}
#: Cells of the canvas panel that may differ: the keyboard cursor's marker in each capture.
CURSOR_CELLS = 2


def colour(params, i):
    """(colour, next index) for the extended colour at params[i] ('38'/'48' already read)."""
    kind = params[i] if i < len(params) else ""
    if kind == "2":
        return ("rgb", *map(int, params[i + 1:i + 4])), i + 4
    if kind == "5":
        return ("index", int(params[i + 1])), i + 2
    raise ValueError(f"unknown extended colour {params[i:]}")


def cells(text):
    """Rows of (character, foreground, background, attributes) per cell."""
    rows, fg, bg, attrs = [], None, None, frozenset()
    for line in text.removesuffix("\n").split("\n"):
        row, pos = [], 0
        for match in list(SGR.finditer(line)) + [None]:
            end = match.start() if match else len(line)
            row += [(ch, fg, bg, attrs) for ch in line[pos:end]]
            if match is None:
                break
            pos = match.end()
            params = re.split("[;:]", match.group(1)) if match.group(1) else ["0"]
            params = ["0" if p == "" else p for p in params]
            i = 0
            while i < len(params):
                p = params[i]
                if p == "0":
                    fg, bg, attrs = None, None, frozenset()
                elif p in ("38", "48"):
                    value, i = colour(params, i + 1)
                    if p == "38":
                        fg = value
                    else:
                        bg = value
                    continue
                elif p == "39":
                    fg = None
                elif p == "49":
                    bg = None
                elif 30 <= int(p) <= 37 or 90 <= int(p) <= 97:
                    fg = ("ansi", int(p))
                elif 40 <= int(p) <= 47 or 100 <= int(p) <= 107:
                    bg = ("ansi", int(p))
                else:
                    attrs = attrs | {p}
                i += 1
        rows.append(row)
    return rows


def load(path):
    with open(path, encoding="utf-8") as f:
        return cells(f.read())


def differences(a, b, columns=None):
    found = []
    for y, (ra, rb) in enumerate(zip(a, b)):
        for x in range(max(len(ra), len(rb)) if columns is None else columns):
            ca = ra[x] if x < len(ra) else None
            cb = rb[x] if x < len(rb) else None
            if ca != cb:
                found.append((y, x, ca, cb))
    if len(a) != len(b):
        found.append(("rows", len(a), len(b)))
    return found


def canvas_columns(rows):
    """Columns left of the panel border ('│' on most rows)."""
    counts = {}
    for row in rows[1:-2]:
        for x, cell in enumerate(row):
            if cell[0] == "│":
                counts[x] = counts.get(x, 0) + 1
    return min((x for x, n in counts.items() if n >= len(rows) // 2), default=0)


def main(argv):
    check, paths = argv[0], argv[1:]
    shots = [load(p) for p in paths]
    if check == "same":
        found = differences(*shots)
        problem = f"{len(found)} cells differ"
    elif check == "direct":
        found = [(y, x, c) for y, row in enumerate(shots[0]) for x, c in enumerate(row)
                 if any(v is not None and v[0] != "rgb" for v in (c[1], c[2]))]
        problem = f"{len(found)} cells in palette colours"
    elif check == "canvas":
        a, b = shots
        width = canvas_columns(a)
        if width < 8 or width != canvas_columns(b):
            print(f"canvas panels differ in width ({width} vs {canvas_columns(b)})", file=sys.stderr)
            return 1
        found, skipped = [], []
        for y in range(1, min(len(a), len(b)) - 2):
            for x in range(width):
                ca, cb = a[y][x], b[y][x]
                if ca[0] in HALF_BLOCKS and cb[0] in HALF_BLOCKS:
                    if ca != cb:
                        found.append((y, x, ca, cb))
                elif ca != cb:
                    skipped.append((y, x, ca[0], cb[0]))
        if len(skipped) > 2 * CURSOR_CELLS:
            found.append((f"{len(skipped)} cells are no half block in one capture", skipped[:6]))
        problem = f"{len(found)} canvas cells differ"
    else:
        print(f"unknown check {check}", file=sys.stderr)
        return 2
    if found:
        print(f"screen_cells {check}: {problem}; first: {found[:4]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

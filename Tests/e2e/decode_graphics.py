"""Decode what `spade-studio preview --graphics MODE` wrote back to pixels with decoders of its own
(PIL for PNG and raw payloads, sixel2png from libsixel-bin for sixel, SGR parsing for half
blocks) and compare with the source image at the same size.

    decode_graphics.py MODE OUTPUT IMAGE       MODE: kitty, iterm2, sixel, truecolor, 256

Prints the mean and worst per-channel error; exits 1 when they exceed the mode's quantisation.
"""

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
from screen_cells import cells  # noqa: E402

#: (mean, worst) error on 0–255 that each mode allows. Raw and PNG payloads are lossless. Half
#: blocks are compared with PIL's box resize, which rounds differently from ours (a few levels at
#: sharp edges); in 256 colours the error is what is left after subtracting the distance from each
#: pixel to its nearest palette colour (the quantisation itself). Sixel's fixed 6×7×6 palette with
#: ordered dithering is judged after an 8×8 box blur, which averages the dither away.
LIMITS = {"kitty": (0, 0), "iterm2": (0, 0), "truecolor": (1, 8), "256": (1, 8), "sixel": (8, 40)}


def kitty(data: bytes) -> np.ndarray:
    chunks = re.findall(rb"\x1b_G([^;]*);([^\x1b]*)\x1b\\", data)
    keys = dict(kv.split(b"=") for kv in chunks[0][0].split(b","))
    assert keys[b"f"] == b"24", f"format {keys[b'f']}"
    raw = base64.b64decode(b"".join(payload for _, payload in chunks))
    width, height = int(keys[b"s"]), int(keys[b"v"])
    return np.frombuffer(raw, np.uint8).reshape(height, width, 3)


def iterm2(data: bytes) -> np.ndarray:
    payload = re.search(rb"\x1b\]1337;File=[^:]*:([A-Za-z0-9+/=]*)\x07", data).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(payload))).convert("RGB"))


def sixel(data: bytes) -> np.ndarray:
    png = subprocess.run(["sixel2png"], input=data, capture_output=True, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def half_blocks(data: bytes, palette: str) -> np.ndarray:
    rows = cells(data.decode())
    rows = [r for r in rows if r and r[0][0] == "▀"]
    out = np.zeros((2 * len(rows), len(rows[0]), 3), np.uint8)
    for y, row in enumerate(rows):
        for x, (_, fg, bg, _) in enumerate(row):
            for half, c in ((0, fg), (1, bg)):
                out[2 * y + half, x] = rgb_of(c, palette)
    return out


def xterm256(index: int) -> tuple:
    if index < 16:
        raise ValueError(f"ANSI colour {index} in a 256-colour picture")
    if index >= 232:
        return (8 + 10 * (index - 232),) * 3
    steps = (0, 95, 135, 175, 215, 255)
    i = index - 16
    return steps[i // 36], steps[i // 6 % 6], steps[i % 6]


def rgb_of(colour, palette: str) -> tuple:
    kind, *values = colour
    if palette == "truecolor" and kind != "rgb" or palette == "256" and kind != "index":
        raise ValueError(f"{kind} colour in {palette} output")
    return tuple(values) if kind == "rgb" else xterm256(values[0])


def palette_256() -> np.ndarray:
    return np.array([xterm256(i) for i in range(16, 256)], np.float64)


def beyond_quantisation(decoded: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Per pixel: the decoded colour's distance from the expected one, less the distance from the
    expected colour to the nearest 256-palette colour (never below 0)."""
    e = expected.reshape(-1, 1, 3)
    nearest = np.sqrt(((e - palette_256()[None]) ** 2).sum(-1)).min(1)
    got = np.sqrt(((decoded.reshape(-1, 3) - expected.reshape(-1, 3)) ** 2).sum(-1))
    return np.maximum(got - nearest, 0)


def box(image: np.ndarray, k: int) -> np.ndarray:
    h, w = image.shape[0] // k * k, image.shape[1] // k * k
    return image[:h, :w].reshape(h // k, k, w // k, k, 3).astype(np.float64).mean((1, 3))


def main(mode: str, output: str, source: str) -> int:
    data = Path(output).read_bytes()
    decoded = {"kitty": kitty, "iterm2": iterm2, "sixel": sixel}.get(mode, lambda d: half_blocks(d, mode))(data)
    height, width = decoded.shape[:2]
    expected = np.asarray(Image.open(source).convert("RGB").resize((width, height), Image.BOX))
    a, b = decoded.astype(np.float64), expected.astype(np.float64)
    if mode == "sixel":
        a, b = box(decoded, 8), box(expected, 8)
    error = beyond_quantisation(a, b) if mode == "256" else np.abs(a - b)
    mean, worst = error.mean(), error.max()
    limit = LIMITS[mode]
    print(f"{mode}: {width}×{height} decoded, mean error {mean:.2f}, worst {worst:.0f} (limits {limit[0]}, {limit[1]})")
    return 0 if mean <= limit[0] and worst <= limit[1] else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

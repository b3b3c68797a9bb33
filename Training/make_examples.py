"""Paint the example canvases shipped in Assets/examples: designed scenes (not random ones) in the
landscape palette, drawn with the shapes a person paints in the studio (bands, ridges, ellipses,
strokes), written as indexed PNGs the studio opens.

    /usr/bin/python3 Training/make_examples.py [--out Assets/examples] [--size 256]
"""

import argparse
import json
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PALETTE = json.loads((ROOT / "Palettes" / "landscape.json").read_text())
ID = {c["name"]: c["id"] for c in PALETTE["classes"]}


class Scene:
    """A label map being painted, with coordinates on a 0–1 square."""

    def __init__(self, size: int, fill: str):
        self.size = size
        self.labels = np.full((size, size), ID[fill], np.uint8)
        self.y, self.x = (np.mgrid[0:size, 0:size] + 0.5) / size

    def paint(self, mask: np.ndarray, name: str):
        self.labels[mask] = ID[name]

    def below(self, curve) -> np.ndarray:
        """Pixels below y = curve(x)."""
        return self.y > curve(self.x)

    def ellipse(self, cx, cy, rx, ry) -> np.ndarray:
        return ((self.x - cx) / rx) ** 2 + ((self.y - cy) / ry) ** 2 <= 1

    def stroke(self, points, radius) -> np.ndarray:
        """A brush stroke through `points` (polyline) of `radius`."""
        mask = np.zeros_like(self.labels, bool)
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            dx, dy = x1 - x0, y1 - y0
            t = np.clip(((self.x - x0) * dx + (self.y - y0) * dy) / (dx * dx + dy * dy), 0, 1)
            mask |= (self.x - x0 - t * dx) ** 2 + (self.y - y0 - t * dy) ** 2 <= radius ** 2
        return mask


def ridge(peaks):
    """A mountain skyline through (x, y) peaks and saddles, piecewise linear."""
    xs, ys = zip(*peaks)
    return lambda x: np.interp(x, xs, ys)


def wave(base, amplitude, period, phase=0.0):
    return lambda x: base + amplitude * np.sin(2 * np.pi * (x / period + phase))


def trees(scene: Scene, bases, height, name="tree"):
    """Conifers: a narrow triangle on each base point (x, y)."""
    for bx, by in bases:
        half = height * 0.28 * (1 - (by - scene.y) / height)
        scene.paint((scene.y <= by) & (scene.y >= by - height) & (np.abs(scene.x - bx) <= half), name)


def lake(size: int) -> np.ndarray:
    s = Scene(size, "sky")
    s.paint(s.ellipse(0.25, 0.12, 0.18, 0.04) | s.ellipse(0.72, 0.18, 0.14, 0.035), "clouds")
    peaks = ridge([(0, 0.52), (0.18, 0.3), (0.3, 0.42), (0.5, 0.22), (0.68, 0.4), (0.84, 0.3), (1, 0.48)])
    s.paint(s.below(peaks), "mountain")
    snow = ridge([(0, 0.9), (0.12, 0.9), (0.18, 0.3), (0.23, 0.9), (0.42, 0.9), (0.5, 0.22), (0.58, 0.9),
                  (0.78, 0.9), (0.84, 0.3), (0.89, 0.9), (1, 0.9)])
    s.paint(s.below(peaks) & ~s.below(lambda x: np.minimum(snow(x) + 0.09, peaks(x) + 0.09)), "snow")
    s.paint(s.below(wave(0.55, 0.02, 0.6)), "hill")
    s.paint(s.below(wave(0.64, 0.01, 0.9, 0.3)), "grass")
    s.paint(s.ellipse(0.5, 0.76, 0.34, 0.1), "lake")
    s.paint(s.ellipse(0.12, 0.93, 0.1, 0.04) | s.ellipse(0.8, 0.95, 0.08, 0.03), "flower")
    trees(s, [(0.06, 0.7), (0.12, 0.72), (0.9, 0.7), (0.95, 0.73), (0.84, 0.72)], 0.16)
    return s.labels


def beach(size: int) -> np.ndarray:
    s = Scene(size, "sky")
    s.paint(s.ellipse(0.3, 0.15, 0.22, 0.05) | s.ellipse(0.78, 0.1, 0.12, 0.03), "clouds")
    s.paint(s.below(lambda x: 0.45 + 0 * x), "sea")
    s.paint(s.below(ridge([(0, 0.36), (0.12, 0.33), (0.24, 0.4), (0.3, 0.45)])) & (s.x < 0.3) & ~s.below(lambda x: 0.45 + 0 * x), "hill")
    s.paint(s.below(lambda x: 0.62 + 0.25 * (x - 0.3) ** 2 + 0.06 * np.sin(6 * x)), "sand")
    s.paint(s.ellipse(0.86, 0.6, 0.1, 0.08) | s.ellipse(0.78, 0.66, 0.06, 0.05), "rock")
    s.paint(s.ellipse(0.08, 0.8, 0.12, 0.08), "bush")
    s.paint(s.ellipse(0.2, 0.95, 0.16, 0.05), "grass")
    return s.labels


def winter(size: int) -> np.ndarray:
    s = Scene(size, "sky")
    s.paint(s.ellipse(0.6, 0.1, 0.35, 0.05), "clouds")
    peaks = ridge([(0, 0.3), (0.22, 0.18), (0.38, 0.34), (0.6, 0.15), (0.8, 0.32), (1, 0.22)])
    s.paint(s.below(peaks), "snow")
    s.paint(s.below(ridge([(0, 0.5), (0.2, 0.44), (0.38, 0.52), (0.62, 0.42), (1, 0.5)])) & ~s.below(lambda x: 0.56 + 0 * x), "rock")
    s.paint(s.below(lambda x: 0.56 + 0 * x), "snow")
    s.paint(s.stroke([(0.5, 0.56), (0.42, 0.66), (0.58, 0.78), (0.4, 0.9), (0.5, 1.05)], 0.035), "river")
    trees(s, [(x, 0.6 + 0.01 * (i % 3)) for i, x in enumerate(np.linspace(0.03, 0.33, 7))], 0.14)
    trees(s, [(x, 0.62 + 0.012 * (i % 2)) for i, x in enumerate(np.linspace(0.66, 0.97, 6))], 0.15)
    trees(s, [(0.15, 0.92), (0.24, 0.95), (0.8, 0.9), (0.9, 0.96)], 0.2)
    return s.labels


def meadow(size: int) -> np.ndarray:
    s = Scene(size, "sky")
    s.paint(s.ellipse(0.2, 0.1, 0.15, 0.04) | s.ellipse(0.55, 0.16, 0.2, 0.045), "clouds")
    s.paint(s.below(wave(0.42, 0.05, 0.8)), "hill")
    trees(s, [(x, 0.45 + 0.04 * np.sin(8 * x)) for x in np.linspace(0.55, 0.95, 9)], 0.12)
    s.paint(s.below(wave(0.5, 0.02, 0.5, 0.2)), "grass")
    s.paint(s.stroke([(0.3, 0.5), (0.36, 0.6), (0.24, 0.72), (0.34, 0.86), (0.2, 1.05)], 0.03), "river")
    s.paint(s.stroke([(1.02, 0.62), (0.8, 0.7), (0.66, 0.82), (0.62, 1.05)], 0.025), "dirt")
    s.paint(s.ellipse(0.55, 0.66, 0.08, 0.03) | s.ellipse(0.85, 0.9, 0.12, 0.05) | s.ellipse(0.08, 0.62, 0.07, 0.03), "flower")
    s.paint(s.ellipse(0.45, 0.9, 0.07, 0.05) | s.ellipse(0.07, 0.85, 0.06, 0.05), "bush")
    return s.labels


#: File stem → (scene, what it shows); the studio lists them by stem.
EXAMPLES = {
    "lake": (lake, "a lake below snow-capped mountains"),
    "beach": (beach, "a sandy beach and the sea"),
    "winter": (winter, "a snowy valley with a river and pines"),
    "meadow": (meadow, "a flower meadow with a river and a path"),
}


def save_indexed(labels: np.ndarray, path: Path) -> None:
    image = Image.fromarray(labels, "P")
    colours = [0] * 768
    for c in PALETTE["classes"]:
        colours[3 * c["id"]:3 * c["id"] + 3] = c["color"]
    image.putpalette(colours)
    image.save(path, optimize=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "Assets" / "examples")
    p.add_argument("--size", type=int, default=256)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem, (scene, caption) in EXAMPLES.items():
        save_indexed(scene(args.size), args.out / f"{stem}.png")
        print(f"{args.out / stem}.png: {caption}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Canvases painted the way a person paints in the studio: a horizon at any height, then
rectangles, ellipses, polygons, thick brush strokes, lines and flood fills of any class,
in any order, anywhere a class could plausibly stand.

The natural layouts (layout.py) only hold the shapes their own painters draw, so a model
trained on them alone never sees a rectangle of mountain or a brush stroke of river. These
canvases carry the same per-pixel facts (distance, relief, tint) as the natural ones, so
one renderer turns both into pictures and each class keeps its look whatever its shape.
"""

import numpy as np
from scipy import ndimage

from .canvas import BROADLEAF, CONIFER, SKY_DEPTH, Canvas
from .classes import (BUSH, CLOUDS, DIRT, FLOWER, GRASS, HILL, LAKE, MOUNTAIN, RIVER, ROCK, SAND, SEA,
                      SKY, SNOW, TREE)

# What a person paints above the horizon and below it, with how often (weights).
_ABOVE = {CLOUDS: 5, MOUNTAIN: 5, TREE: 3, HILL: 2, ROCK: 1, SNOW: 1, SKY: 2, BUSH: 1}
_BELOW = {GRASS: 3, TREE: 4, BUSH: 3, ROCK: 3, FLOWER: 3, SAND: 3, SEA: 2, RIVER: 3, LAKE: 3, DIRT: 3,
          SNOW: 2, HILL: 2, MOUNTAIN: 2, CLOUDS: 0.2, SKY: 0.3}
_GROUNDS = {GRASS: 6, SAND: 1, SNOW: 1.5, DIRT: 1, SEA: 1.5, LAKE: 1, HILL: 1, FLOWER: 1, RIVER: 0.5}
_TOOLS = ("rectangle", "ellipse", "polygon", "stroke", "line", "fill")
_TOOL_WEIGHTS = (0.24, 0.18, 0.14, 0.26, 0.06, 0.12)
STANDING = (MOUNTAIN, ROCK, HILL, TREE, BUSH)  # things with a base line and relief


def _choice(rng: np.random.Generator, weights: dict) -> int:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], np.float64)
    return int(keys[rng.choice(len(keys), p=p / p.sum())])


def _segment_distance(c: Canvas, a, b) -> np.ndarray:
    """Distance in pixels from every pixel centre to the segment a→b (pixel coordinates)."""
    px, py = c.x * c.size, c.y * c.size
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = np.clip(((px - a[0]) * dx + (py - a[1]) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
    return np.hypot(px - a[0] - t * dx, py - a[1] - t * dy)


def _polygon(c: Canvas, xs, ys) -> np.ndarray:
    """Pixels whose centres lie inside the polygon (even-odd rule), pixel coordinates."""
    px, py = c.x * c.size, c.y * c.size
    inside = np.zeros((c.size, c.size), bool)
    for i in range(len(xs)):
        x0, y0, x1, y1 = xs[i - 1], ys[i - 1], xs[i], ys[i]
        if y0 == y1:
            continue
        crosses = (py >= min(y0, y1)) & (py < max(y0, y1))
        at = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (px < at)
    return inside


def _shape(c: Canvas, tool: str, rng: np.random.Generator, centre_y: float) -> np.ndarray:
    """The mask one use of `tool` paints, centred near row fraction `centre_y`."""
    n = c.size
    cx, cy = rng.uniform(0, n), centre_y * n
    if tool == "rectangle":
        w, h = rng.uniform(0.05, 0.9) * n, rng.uniform(0.04, 0.5) * n
        x0, y0 = cx - w / 2, cy - h / 2
        if rng.random() < 0.25:  # a band across the whole canvas, as people paint horizons
            x0, w = -1, n + 2
        if rng.random() < 0.2:  # down to the bottom edge
            h = n - y0 + 1
        px, py = c.x * n, c.y * n
        return (px >= x0) & (px < x0 + w) & (py >= y0) & (py < y0 + h)
    if tool == "ellipse":
        rx, ry = rng.uniform(0.03, 0.4) * n, rng.uniform(0.03, 0.3) * n
        return ((c.x * n - cx) / rx) ** 2 + ((c.y * n - cy) / ry) ** 2 <= 1
    if tool == "polygon":
        corners = int(rng.integers(3, 8))
        angles = np.sort(rng.uniform(0, 2 * np.pi, corners))
        radii = rng.uniform(0.05, 0.35, corners) * n
        return _polygon(c, cx + radii * np.cos(angles), cy + radii * np.sin(angles) * rng.uniform(0.4, 1.0))
    if tool in ("stroke", "line"):
        diameter = rng.uniform(1, 3) if tool == "line" else rng.uniform(0.02, 0.14) * n
        points = [(cx, cy)]
        heading = rng.uniform(0, 2 * np.pi)
        for _ in range(int(rng.integers(1, 6 if tool == "stroke" else 2))):
            heading += rng.normal(0, 0.8)
            length = rng.uniform(0.1, 0.5) * n
            x, y = points[-1]
            points.append((x + length * np.cos(heading), y + 0.6 * length * np.sin(heading)))
        mask = np.zeros((n, n), bool)
        for a, b in zip(points, points[1:]):
            mask |= _segment_distance(c, a, b) <= max(diameter / 2, 0.5)  # the studio's round brush
        return mask
    raise ValueError(f"unknown tool {tool!r}")


def _flood_region(c: Canvas, rng: np.random.Generator) -> np.ndarray:
    """The connected region of one label around a random pixel, as the fill tool takes it."""
    y, x = int(rng.integers(c.size)), int(rng.integers(c.size))
    regions, _ = ndimage.label(c.labels == c.labels[y, x])
    return regions == regions[y, x]


def _paint_region(c: Canvas, mask: np.ndarray, label: int, sun_side: float, rng: np.random.Generator):
    """Give `mask` the label and the facts the renderer reads for that kind of thing."""
    if not mask.any():
        return
    rows = np.nonzero(mask.any(axis=1))[0]
    top_row, bottom_row = rows[0], rows[-1]
    height = max((bottom_row - top_row + 1) / c.size, 1.5 / c.size)
    if label == SKY:
        c.paint(mask, SKY, SKY_DEPTH)
        return
    if label == CLOUDS:
        c.paint(mask, CLOUDS, 1.8)
        return
    tone = float(rng.uniform(-1, 1))
    if label not in STANDING:  # flat ground seen in perspective (or far away above the horizon)
        depth = np.where(c.y > c.horizon, c.ground_depth(c.y), 0.97)
        c.paint(mask, label, np.broadcast_to(depth, mask.shape), tone=tone)
        return
    depth = float(min(c.ground_depth((bottom_row + 1) / c.size), 0.97 if label == MOUNTAIN else 0.9))
    # Column-wise top edge of the shape: slopes facing the sun are lit, as for drawn ridges.
    top = np.where(mask.any(axis=0), mask.argmax(axis=0), c.size)[None, :].astype(np.float32) / c.size
    top = np.minimum(top, (bottom_row + 1) / c.size)
    below_top = np.clip(c.y - top, 0, None)
    if label in (MOUNTAIN, ROCK):
        facing = np.clip(np.gradient(ndimage.uniform_filter1d(top, 3, axis=1), axis=1) * c.size * 0.7, -1, 1)
        gullies = c.noise.fbm(c.x * 24.0, c.y * 4.0, octaves=3)
        fall = np.exp(-below_top / (0.6 * height))
        shade = 0.85 + (0.4 * facing * sun_side * fall + 0.2 * gullies) * (0.4 + 0.6 * fall)
    elif label in (TREE, BUSH):
        shade = 0.75 + 0.35 * (1 - np.clip(below_top / height, 0, 1))
    else:
        shade = np.ones_like(below_top)
    kind = CONIFER if label == TREE and rng.random() < 0.4 else BROADLEAF
    c.paint(mask, label, depth, shade=np.broadcast_to(shade, mask.shape), tone=tone, kind=kind)


def make_painted_layout(rng: np.random.Generator, size: int, sun_side: float) -> Canvas:
    """One studio-style canvas at `size`×`size`: a horizon, then 2–12 painted shapes."""
    c = Canvas(size, rng, horizon=float(rng.uniform(0.12, 0.88)))
    _paint_region(c, np.broadcast_to(c.y >= c.horizon, (size, size)), _choice(rng, _GROUNDS), sun_side, rng)
    for _ in range(int(rng.integers(2, 13))):
        tool = _TOOLS[rng.choice(len(_TOOLS), p=_TOOL_WEIGHTS)]
        centre_y = float(rng.uniform(0, 1))
        label = _choice(rng, _ABOVE if centre_y < c.horizon else _BELOW)
        mask = _flood_region(c, rng) if tool == "fill" else _shape(c, tool, rng, centre_y)
        _paint_region(c, mask, label, sun_side, rng)
    return c

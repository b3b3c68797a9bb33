"""Painters for things standing on the ground: forest edges along a base line, and single
trees, bushes and boulders scaled by perspective and drawn far to near.
"""

import numpy as np

from .canvas import BROADLEAF, CONIFER, TRUNK, Canvas
from .classes import BUSH, FLOWER, GRASS, ROCK, SAND, SNOW, TREE

LAND = (GRASS, FLOWER, SAND, SNOW)  # what trees and bushes grow on (not paths, not water)


def tree_line(c: Canvas, base, height: float, coverage: float, conifer_share: float, span: np.ndarray):
    """A forest edge: a row of crowns (round or pointed) standing on the line `base` (1, W).

    `coverage` is roughly the fraction of columns the forest occupies, `span` (1, W) says
    where land is at all; the band reaches a
    little below the base so it covers the seam with whatever lies behind it.
    """
    spacing = max(height * c.rng.uniform(0.35, 0.7), 1.5 / c.size)
    position = c.x / spacing + 0.6 * c.noise.line(c.x, 7.0, 2)
    index = np.floor(position).astype(np.int64)
    index -= index.min()
    f = position - np.floor(position)
    count = int(index.max()) + 1
    heights = c.rng.uniform(0.45, 1.0, count).astype(np.float32) * height
    conifer = c.rng.random(count) < conifer_share
    tones = c.rng.uniform(-1, 1, count).astype(np.float32)
    round_crown = np.sqrt(np.maximum(1 - (2 * f - 1) ** 2, 0))
    pointed = 1 - np.abs(2 * f - 1)
    shape = np.where(conifer[index], pointed, round_crown)
    top = base - heights[index] * (0.35 + 0.65 * shape)
    covered = c.noise.line(c.x, 2.5, 3) > 1.0 - 2.0 * coverage
    mask = (c.y >= top) & (c.y < base + 0.25 * height) & covered & (span > 0)
    lit = 0.75 + 0.35 * (base - c.y) / np.maximum(base - top, 1e-3)
    kind = np.where(conifer[index], CONIFER, BROADLEAF)
    c.paint(mask, TREE, c.ground_depth(base), shade=lit, tone=tones[index], kind=kind)


def _box(c: Canvas, cx: float, top: float, bottom: float, half_width: float):
    """Pixel slices covering [cx ± half_width] × [top, bottom], clipped; None if empty."""
    n = c.size
    x0, x1 = int(np.floor((cx - half_width) * n)), int(np.ceil((cx + half_width) * n)) + 1
    y0, y1 = int(np.floor(top * n)), int(np.ceil(bottom * n)) + 1
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, n), min(y1, n)
    if x0 >= x1 or y0 >= y1:
        return None
    return np.s_[y0:y1, x0:x1]


def _tree(c: Canvas, x: float, base: float, height: float, conifer: bool, sun: float):
    tone = c.rng.uniform(-1, 1)
    depth = float(c.ground_depth(base))
    region = _box(c, x, base - height, base + 0.01, height * 0.5)
    if region is None:
        return
    X, Y = c.x[:, region[1]], c.y[region[0], :]
    edge = c.noise.fbm(X / height * 6.0, Y / height * 6.0, octaves=3)
    trunk_top = base - height * (0.12 if conifer else 0.38)
    trunk = (np.abs(X - x) < height * 0.035) & (Y >= trunk_top) & (Y < base)
    if conifer:
        along = (base - Y) / height  # 0 at the base, 1 at the tip
        tiers = 1 - 0.35 * ((along * 7.0) % 1.0)
        half = 0.28 * height * (1 - along) * tiers * (1 + 0.25 * edge)
        crown = (np.abs(X - x) < half) & (along > 0.1) & (along < 1.0)
        lit = 0.8 + 0.4 * (x - X) * -sun / (half + 1e-3) * 0.5 + 0.15 * along
    else:
        radius = height * 0.33
        cy = base - height + radius
        dx, dy = (X - x) / radius, (Y - cy) / (radius * 0.9)
        crown = dx ** 2 + dy ** 2 < 1 + 0.35 * edge
        lit = 0.85 + 0.3 * (dx * sun - dy) * 0.5
    c.paint(trunk & ~crown, TREE, depth, shade=0.55, tone=tone, kind=TRUNK, region=region)
    c.paint(crown, TREE, depth, shade=lit, tone=tone, kind=CONIFER if conifer else BROADLEAF, region=region)


def _mound(c: Canvas, label: int, x: float, base: float, radius: float, flatness: float,
           roughness: float, sun: float):
    """A half-buried blob (bush or boulder) sitting on `base`, lit from the sun's side."""
    depth = float(c.ground_depth(base))
    height = radius * flatness
    region = _box(c, x, base - height * 1.3, base + radius * 0.1, radius * 1.3)
    if region is None:
        return
    X, Y = c.x[:, region[1]], c.y[region[0], :]
    dx, dy = (X - x) / radius, (Y - base) / height
    edge = c.noise.fbm(X / radius * 2.5, Y / radius * 2.5, octaves=3)
    inside = (dx ** 2 + dy ** 2 < 1 + roughness * edge) & (Y < base + radius * 0.08)
    lit = 0.8 + 0.35 * (dx * sun - dy) * 0.5
    c.paint(inside, label, depth, shade=lit, tone=c.rng.uniform(-1, 1), region=region)


def scatter(c: Canvas, trees: int, bushes: int, rocks: int, conifer_share: float, sun: float):
    """Place single objects at random ground positions and draw them from far to near.

    Size scales with distance below the horizon (perspective); trees and bushes need land
    under them, boulders may also stand in water.
    """
    kinds = [TREE] * trees + [BUSH] * bushes + [ROCK] * rocks
    if not kinds:
        return
    t = c.rng.uniform(0.04, 1.08, len(kinds)) ** 0.8
    xs = c.rng.uniform(-0.1, 1.1, len(kinds))
    for i in np.argsort(t):
        base = c.horizon + (1 - c.horizon) * t[i]
        row, col = min(int(base * c.size), c.size - 1), int(np.clip(xs[i], 0, 0.999) * c.size)
        under = c.labels[row, col]
        if kinds[i] != ROCK and under not in LAND:
            continue
        if kinds[i] == TREE:
            height = t[i] * c.rng.uniform(0.3, 0.85) * (1 - c.horizon + 0.3)
            _tree(c, xs[i], base, height, c.rng.random() < conifer_share, sun)
        elif kinds[i] == BUSH:
            _mound(c, BUSH, xs[i], base, t[i] * c.rng.uniform(0.03, 0.1), 0.8, 0.5, sun)
        else:
            _mound(c, ROCK, xs[i], base, t[i] * c.rng.uniform(0.02, 0.1), 0.6, 0.25, sun)

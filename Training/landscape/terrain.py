"""Painters for the large landscape regions: clouds, the ground plane, mountain ridges,
hills, sea and beach, lakes, rivers, paths and flower fields.

Each painter draws on a `Canvas`, and layout.py calls them roughly far to near (the ground
plane first, so that mountains and hills can overlap its far edge): what stays visible
is what no later painter covered, as in a painter's algorithm.
"""

import numpy as np

from .canvas import Canvas
from .classes import (CLOUDS, DIRT, FLOWER, GRASS, HILL, LAKE, MOUNTAIN, RIVER, ROCK, SAND, SEA,
                      SKY, SNOW, WATER)


def _normalised(profile: np.ndarray) -> np.ndarray:
    low, high = profile.min(), profile.max()
    return (profile - low) / max(high - low, 1e-6)


def clouds(c: Canvas, coverage: float):
    """Cumulus fields in sky perspective: big near the zenith, thin streaks at the horizon."""
    if coverage <= 0:
        return
    above = np.maximum(c.horizon - c.y, 0.0)
    z = 1.0 / (above + 0.12)
    density = c.noise.fbm((c.x - 0.5) * z * 1.3, z * 3.0, octaves=5)
    mask = (density > 0.42 - 0.75 * coverage) & (c.labels == SKY) & (c.y < c.horizon)
    c.paint(mask, CLOUDS, 1.8)


def mountains(c: Canvas, layers: int, span: np.ndarray, snowy: bool, cliffs: bool, sun_side: float):
    """`layers` ridges (far one highest) rising from the horizon, scaled by `span` (1, W) in [0, 1].

    Slopes facing the sun are lit and the others shaded, judged from the ridge line's
    slope in each column and fading down the flank; gullies break the faces up.
    """
    room = c.horizon - 0.05
    peak = c.rng.uniform(0.3, 0.95) * room
    snow_line = c.rng.uniform(0.35, 0.75)
    for layer in range(layers):
        near = layer == layers - 1 and layers > 1
        height = peak * (c.rng.uniform(0.45, 0.75) if near else 1.0)
        frequency = c.rng.uniform(1.5, 4.0)
        profile = _normalised(0.7 * c.noise.line(c.x, frequency, 5, ridged=True)
                              + 0.3 * c.noise.line(c.x, frequency * 0.5, 2))
        top = c.horizon - height * (0.12 + 0.88 * profile) * span
        mask = (c.y >= top) & (c.y < c.horizon + 0.02) & (span > 0)
        depth = 0.86 if near else 0.97
        facing = np.clip(np.gradient(top, axis=1) * c.size * 0.7, -1, 1) * sun_side
        gullies = c.noise.fbm(c.x * 24.0, c.y * 4.0, octaves=3)
        fall = np.exp(-(c.y - top) / (0.6 * height))
        shade = 0.85 + (0.4 * facing * fall + 0.2 * gullies) * (0.4 + 0.6 * fall)
        c.paint(mask, MOUNTAIN, depth, shade=shade)
        if snowy:
            cap = c.horizon - height * snow_line + 0.12 * height * gullies
            c.paint(mask & (c.y < cap), SNOW, depth, shade=shade)
        if cliffs and near:
            crags = c.noise.fbm(c.x * 5.0, c.y * 9.0, octaves=3)
            c.paint(mask & (crags > 0.3) & (c.labels == MOUNTAIN), ROCK, depth, shade=shade)


def hills(c: Canvas, span: np.ndarray) -> np.ndarray:
    """Rounded hills in front of the mountains, scaled by `span`; returns their top line (1, W)."""
    height = c.rng.uniform(0.03, 0.15)
    top = c.horizon - height * (0.5 + 0.5 * c.noise.line(c.x, c.rng.uniform(1.0, 2.5), 3)) * span
    bottom = c.horizon + 0.01 + 0.01 * c.noise.line(c.x, 6.0, 2)
    mask = (c.y >= top) & (c.y < bottom) & (span > 0)
    c.paint(mask, HILL, 0.75)
    return top


def ground(c: Canvas, label: int):
    """The flat land below the horizon, seen in perspective."""
    mask = c.y >= c.horizon
    c.paint(mask, label, c.ground_depth(c.y))


def sea(c: Canvas):
    """Open sea from a straight horizon to a wavy shore line, then a sandy beach."""
    t_shore = c.rng.uniform(0.12, 0.55)
    shore = c.horizon + (1 - c.horizon) * (t_shore + 0.05 * t_shore * c.noise.line(c.x, 3.0, 3))
    depth = c.ground_depth(c.y)
    beach_width = c.rng.uniform(0.1, 1.0) * (1 - c.horizon)
    land = c.labels != SKY  # below the horizon: ground, or the foot of hills and mountains
    c.paint((c.y >= shore) & (c.y < shore + beach_width) & land, SAND, depth)
    c.paint((c.y >= c.horizon) & (c.y < shore) & land, SEA, depth)


def lake(c: Canvas, sandy_shore: bool):
    """A lake in the middle distance: a perspective-squashed ellipse with a noisy rim."""
    t_far = c.rng.uniform(0.005, 0.08)
    t_near = t_far + c.rng.uniform(0.12, 0.5)
    far = c.horizon + (1 - c.horizon) * t_far
    near = c.horizon + (1 - c.horizon) * t_near
    cx = c.rng.uniform(0.15, 0.85)
    half_width = c.rng.uniform(0.25, 0.8)
    rim = (((c.x - cx) / half_width) ** 2 + ((c.y - (far + near) / 2) / ((near - far) / 2)) ** 2
           + 0.25 * c.noise.fbm(c.x * 4.0, c.y * 10.0, octaves=3))
    depth = c.ground_depth(c.y)
    land = (c.y >= c.horizon) & (c.labels != SKY)
    if sandy_shore:
        c.paint((rim < 1.18) & land, SAND, depth)
    c.paint((rim < 1.0) & land & (c.y >= far), LAKE, depth)


def _centre_line(c: Canvas, x_far: float, x_near: float, meander: float, t: np.ndarray) -> np.ndarray:
    """Column of a winding band at perspective position `t` (0 horizon, 1 bottom)."""
    wiggle = c.noise.line(t, c.rng.uniform(1.0, 3.0), 3)
    return x_far + (x_near - x_far) * t ** 1.5 + meander * t * wiggle


def river(c: Canvas, sandy_banks: bool):
    """A river from the horizon to the bottom edge, widening towards the viewer."""
    t = c.ground_t(c.y)
    centre = _centre_line(c, c.rng.uniform(0.2, 0.8), c.rng.uniform(-0.1, 1.1), c.rng.uniform(0.1, 0.5), t)
    width = 0.004 + c.rng.uniform(0.1, 0.4) * t
    offset = np.abs(c.x - centre) + 0.08 * width * c.noise.fbm(c.x * 20.0, c.y * 20.0, octaves=2)
    below = (c.y >= c.horizon) & (c.labels != SKY) & (c.labels != SEA)
    depth = c.ground_depth(c.y)
    if sandy_banks:
        c.paint((offset < width * 0.5 + 0.015 + 0.05 * t) & below & (c.labels != LAKE), SAND, depth)
    c.paint((offset < width * 0.5) & below, RIVER, depth)


def path(c: Canvas):
    """A dirt path from the bottom edge into the middle distance, over land only."""
    t = c.ground_t(c.y)
    t_end = c.rng.uniform(0.02, 0.4)
    centre = _centre_line(c, c.rng.uniform(0.1, 0.9), c.rng.uniform(0.25, 0.75), c.rng.uniform(0.05, 0.35), t)
    width = c.rng.uniform(0.06, 0.22) * t
    offset = np.abs(c.x - centre) + 0.1 * width * c.noise.fbm(c.x * 30.0, c.y * 30.0, octaves=2)
    land = ~np.isin(c.labels, WATER + (SKY,))
    c.paint((offset < width * 0.5) & (t >= t_end) & land, DIRT, c.ground_depth(c.y))


def flowers(c: Canvas, amount: float):
    """Flower patches within the grass, from the middle distance forward."""
    patches = c.noise.fbm(c.x * 5.0 / (c.ground_t(c.y) + 0.2), c.y * 12.0, octaves=4)
    mask = (patches > 0.45 - 0.5 * amount) & (c.labels == GRASS) & (c.ground_t(c.y) > 0.06)
    c.paint(mask, FLOWER, c.depth)

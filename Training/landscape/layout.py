"""Random scene composition: which landscape elements appear, and in what order they are
painted (far to near) onto a `Canvas`.
"""

import numpy as np

from . import objects, terrain
from .canvas import Canvas
from .classes import GRASS, SAND, SNOW


def make_layout(rng: np.random.Generator, size: int, sun_side: float) -> Canvas:
    """Draw one scene's label map (and the facts the renderer needs) at `size`×`size`."""
    c = Canvas(size, rng, horizon=float(rng.uniform(0.36, 0.62)))
    water = ("none", "sea", "lake")[rng.choice(3, p=[0.45, 0.3, 0.25])]
    land = (GRASS, SAND, SNOW)[rng.choice(3, p=[0.8, 0.08, 0.12])]
    conifer_share = float(rng.choice([0.0, 0.5, 1.0], p=[0.4, 0.25, 0.35]))

    terrain.clouds(c, 0.0 if rng.random() < 0.25 else float(rng.uniform(0.15, 0.8)))
    terrain.ground(c, land)
    span = np.ones_like(c.x)  # how much of the far land stands in each column
    if water == "sea" and rng.random() < 0.6:  # a headland on one side of the bay, sloping into the sea
        reach = rng.uniform(0.2, 0.6)
        inland = reach - c.x if rng.random() < 0.5 else c.x - (1 - reach)
        span = np.clip(inland / 0.15, 0, 1)
    if rng.random() < 0.6:
        terrain.mountains(c, int(rng.integers(1, 3)), span, snowy=rng.random() < 0.6, cliffs=rng.random() < 0.4,
                          sun_side=sun_side)
    if rng.random() < 0.55:
        top = terrain.hills(c, span)
        if rng.random() < 0.45:
            objects.tree_line(c, top, rng.uniform(0.015, 0.05), rng.uniform(0.2, 0.9), conifer_share, span)
    if water != "sea" and rng.random() < 0.55:
        base = c.horizon + rng.uniform(0.0, 0.04) * (1 - c.horizon)
        objects.tree_line(c, base, rng.uniform(0.02, 0.1), rng.uniform(0.25, 1.0), conifer_share, span)

    if water == "sea":
        terrain.sea(c)
    elif water == "lake":
        terrain.lake(c, sandy_shore=rng.random() < 0.3)
    if water != "sea" and rng.random() < 0.3:
        terrain.river(c, sandy_banks=rng.random() < 0.3)
    if rng.random() < 0.35:
        terrain.path(c)
    if land == GRASS and rng.random() < 0.4:
        terrain.flowers(c, rng.uniform(0.05, 0.45))

    busy = rng.random()
    trees = int(rng.integers(0, 4) if busy < 0.6 else rng.integers(4, 14))
    objects.scatter(c, trees, int(rng.integers(0, 9)), int(rng.integers(0, 6)), conifer_share, sun_side)
    return c

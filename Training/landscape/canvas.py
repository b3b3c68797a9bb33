"""The drawing surface the layout painters share: label map plus the per-pixel facts the
renderer needs and a label map cannot say (distance, relief shading, per-object tint).
"""

from dataclasses import dataclass, field

import numpy as np

from .classes import SKY
from .noise import Noise

SKY_DEPTH = 2.0  # depth given to sky pixels: beyond every surface

# Values of `Canvas.kind`: how the renderer colours a tree/bush pixel.
BROADLEAF, CONIFER, TRUNK = 0, 1, 2


@dataclass
class Canvas:
    """Coordinates are fractions of the image: x across in [0, 1), y down in [0, 1)."""

    size: int
    rng: np.random.Generator
    horizon: float
    noise: Noise = field(init=False)
    x: np.ndarray = field(init=False)       # (1, W) pixel-centre columns
    y: np.ndarray = field(init=False)       # (H, 1) pixel-centre rows
    labels: np.ndarray = field(init=False)  # (H, W) uint8 raw label values
    depth: np.ndarray = field(init=False)   # (H, W) 0 at the camera, 1 at the horizon
    shade: np.ndarray = field(init=False)   # (H, W) relief lighting of drawn shapes, 1 = lit
    tone: np.ndarray = field(init=False)    # (H, W) per-object colour variation in [-1, 1]
    kind: np.ndarray = field(init=False)    # (H, W) BROADLEAF / CONIFER / TRUNK for plants

    def __post_init__(self):
        n = self.size
        self.noise = Noise(self.rng)
        coords = ((np.arange(n, dtype=np.float32) + 0.5) / n)
        self.x = coords[None, :]
        self.y = coords[:, None]
        self.labels = np.full((n, n), SKY, np.uint8)
        self.depth = np.full((n, n), SKY_DEPTH, np.float32)
        self.shade = np.ones((n, n), np.float32)
        self.tone = np.zeros((n, n), np.float32)
        self.kind = np.zeros((n, n), np.uint8)

    def ground_depth(self, y):
        """Distance of flat ground seen at row `y` (perspective: 1/(height below horizon))."""
        below = np.maximum(np.asarray(y, np.float32) - self.horizon, 0.0)
        return np.minimum(0.04 / (below + 0.04), 1.0).astype(np.float32)

    def ground_t(self, y):
        """How far row `y` lies from the horizon (0) to the bottom edge (1): the perspective scale."""
        return np.clip((np.asarray(y, np.float32) - self.horizon) / (1.0 - self.horizon), 0.0, None)

    def paint(self, mask, label, depth, shade=1.0, tone=0.0, kind=BROADLEAF, region=np.s_[:, :]):
        """Give `label` and its facts to the pixels of `mask`.

        `mask` and the facts are scalars or arrays broadcastable to `region` (the whole image
        unless a box is given, which keeps small objects cheap).
        """
        labels = self.labels[region]
        mask = np.broadcast_to(mask, labels.shape)
        labels[mask] = label
        for target, value in ((self.depth, depth), (self.shade, shade), (self.tone, tone), (self.kind, kind)):
            target[region][mask] = np.broadcast_to(value, labels.shape)[mask]

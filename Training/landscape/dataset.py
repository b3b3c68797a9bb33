"""Procedural (label map, image) pairs: deterministic per seed, split into train/val/test
by disjoint seed ranges, and cached as .npz so training need not regenerate them.
"""

from pathlib import Path

import numpy as np

from .appearance import sample_look
from .layout import make_layout
from .render import render

# First seed of each split; the ranges are far apart so no split can reach into another.
SPLIT_START = {"train": 0, "val": 10_000_000, "test": 20_000_000}
SPLIT_SIZE = 10_000_000


def make_pair(seed: int, size: int):
    """(labels uint8 size×size, image uint8 size×size×3) of the scene numbered `seed`."""
    rng = np.random.default_rng(seed)
    look = sample_look(rng)
    canvas = make_layout(rng, size, look.sun_side)
    image = render(canvas, look, rng)
    return canvas.labels, image


def split_seeds(split: str, count: int, start: int = 0) -> range:
    """Seeds of pairs `start`..`start+count-1` of a split."""
    if split not in SPLIT_START:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLIT_START)}")
    if start < 0 or start + count > SPLIT_SIZE:
        raise ValueError(f"split {split} holds {SPLIT_SIZE} pairs; asked for {start}..{start + count}")
    first = SPLIT_START[split] + start
    return range(first, first + count)


def make_pairs(seeds, size: int):
    """Stacked pairs: labels (N, H, W) uint8 and images (N, H, W, 3) uint8."""
    pairs = [make_pair(seed, size) for seed in seeds]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def load_split(split: str, count: int, size: int, cache_dir: Path):
    """Pairs 0..count-1 of `split` at `size`, from `cache_dir` or generated and saved there.

    The cache file is written atomically (temporary name, then rename) so that parallel
    trainer processes never read a half-written file.
    """
    cache_dir = Path(cache_dir)
    path = cache_dir / f"landscape-{split}-{size}px-{count}.npz"
    if path.exists():
        with np.load(path) as data:
            return data["labels"], data["images"]
    labels, images = make_pairs(split_seeds(split, count), size)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{np.random.default_rng().integers(1 << 30)}.partial.npz")
    np.savez(partial, labels=labels, images=images)
    partial.rename(path)
    return labels, images

"""Procedural (label map, image) pairs: deterministic per seed, split into train/val/test
by disjoint seed ranges, and cached as .npz so training need not regenerate them.
"""

import multiprocessing
import os
from pathlib import Path

import numpy as np

from .appearance import sample_look
from .layout import make_layout
from .painted import make_painted_layout
from .render import render

#: Layout kinds: natural scenes (layout.py) and canvases painted as people paint (painted.py).
LAYOUTS = ("natural", "painted")
PAINTED_SHARE = 0.5  # of the pairs whose kind the seed chooses
PARALLEL_FROM = 256  # pairs from which load_split renders in several processes

# First seed of each split; the ranges are far apart so no split can reach into another.
SPLIT_START = {"train": 0, "val": 10_000_000, "test": 20_000_000}
SPLIT_SIZE = 10_000_000
#: Bumped whenever a seed's pair changes (renderer, layouts), so no cache of older pairs is read.
DATA_VERSION = 2


def make_pair(seed: int, size: int, layout: str = None):
    """(labels uint8 size×size, image uint8 size×size×3) of the scene numbered `seed`.

    `layout` forces "natural" or "painted"; by default the seed chooses (PAINTED_SHARE).
    """
    rng = np.random.default_rng(seed)
    painted = rng.random() < PAINTED_SHARE
    if layout is not None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
        painted = layout == "painted"
    look = sample_look(rng)
    canvas = (make_painted_layout if painted else make_layout)(rng, size, look.sun_side)
    image = render(canvas, look, rng)
    return canvas.labels, image


def look_of(seed: int):
    """The `Look` pair `seed` is rendered under (what its image's latent should capture)."""
    rng = np.random.default_rng(seed)
    rng.random()  # the layout coin make_pair draws first
    return sample_look(rng)


def split_seeds(split: str, count: int, start: int = 0) -> range:
    """Seeds of pairs `start`..`start+count-1` of a split."""
    if split not in SPLIT_START:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLIT_START)}")
    if start < 0 or start + count > SPLIT_SIZE:
        raise ValueError(f"split {split} holds {SPLIT_SIZE} pairs; asked for {start}..{start + count}")
    first = SPLIT_START[split] + start
    return range(first, first + count)


def _pair_of(job):
    return make_pair(*job)


def make_pairs(seeds, size: int, layout: str = None, workers: int = 1):
    """Stacked pairs: labels (N, H, W) uint8 and images (N, H, W, 3) uint8.

    `workers` > 1 renders in that many processes; each pair depends on its seed alone,
    so the result is the same. (Spawned, not forked: a fork of a process whose torch thread
    pool has run can deadlock in the child.)"""
    jobs = [(seed, size, layout) for seed in seeds]
    if workers > 1 and len(jobs) > 1:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            pairs = pool.map(_pair_of, jobs, chunksize=16)
    else:
        pairs = [_pair_of(job) for job in jobs]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def load_split(split: str, count: int, size: int, cache_dir: Path, workers: int = None):
    """Pairs 0..count-1 of `split` at `size`, from `cache_dir` or generated and saved there.

    A cached set of more pairs serves too (its first `count`). The cache file is written
    atomically (temporary name, then rename) so that parallel trainer processes never read a
    half-written file.
    """
    cache_dir = Path(cache_dir)
    prefix = f"landscape-v{DATA_VERSION}-{split}-{size}px-"
    path = cache_dir / f"{prefix}{count}.npz"
    larger = sorted((int(p.stem[len(prefix):]), p) for p in cache_dir.glob(f"{prefix}*.npz")
                    if p.stem[len(prefix):].isdigit() and int(p.stem[len(prefix):]) >= count)
    if larger:
        with np.load(larger[0][1]) as data:
            return data["labels"][:count], data["images"][:count]
    if workers is None:  # processes pay off for real data sets; small ones (tests, smoke runs) stay in-process
        workers = len(os.sched_getaffinity(0)) if count >= PARALLEL_FROM else 1
    labels, images = make_pairs(split_seeds(split, count), size, workers=workers)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{np.random.default_rng().integers(1 << 30)}.partial.npz")
    np.savez(partial, labels=labels, images=images)
    partial.rename(path)
    return labels, images

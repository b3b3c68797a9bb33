"""Procedural landscape dataset: semantic label maps and photo-like renders of them.

`make_pair(seed, size)` is the entry point; `classes` holds the label set.
"""

from .classes import CLASSES, NUM_CLASSES, colorize
from .dataset import load_split, make_pair, make_pairs, split_seeds

__all__ = ["CLASSES", "NUM_CLASSES", "colorize", "load_split", "make_pair", "make_pairs", "split_seeds"]

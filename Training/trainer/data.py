"""Training batches whose content is a pure function of the step number.

Sample i of the run (counting across steps) is pair perm_e[i mod N] of the cached set,
where e = i div N is the epoch and perm_e a permutation seeded by (seed, e); it is
mirrored left-right by a coin seeded the same way. So a resumed run sees exactly the
batches an uninterrupted run would, and each process of a distributed run takes its
own contiguous slice of every global batch.
"""

import numpy as np
import torch

from landscape import load_split


class LandscapeBatches:
    def __init__(self, labels: np.ndarray, images: np.ndarray, seed: int):
        self.labels = torch.from_numpy(labels)                      # (N, H, W) uint8
        self.images = torch.from_numpy(images).permute(0, 3, 1, 2)  # (N, 3, H, W) uint8
        self.seed = seed
        self._epochs = {}

    @classmethod
    def cached(cls, count: int, size: int, cache_dir, seed: int) -> "LandscapeBatches":
        labels, images = load_split("train", count, size, cache_dir)
        return cls(labels, images, seed)

    def __len__(self) -> int:
        return self.labels.shape[0]

    def _epoch(self, epoch: int) -> tuple:
        if epoch not in self._epochs:
            rng = np.random.default_rng([self.seed, epoch])
            self._epochs = {epoch: (rng.permutation(len(self)), rng.random(len(self)) < 0.5)}
        return self._epochs[epoch]

    def batch(self, step: int, global_batch: int, rank: int = 0, world: int = 1) -> tuple:
        """(labels int64 (b, H, W), images float (b, 3, H, W) in [-1, 1]) of this process."""
        local = global_batch // world
        first = step * global_batch + rank * local
        indices, flips = [], []
        for i in range(first, first + local):
            order, flip = self._epoch(i // len(self))
            indices.append(order[i % len(self)])
            flips.append(flip[i % len(self)])
        labels = self.labels[indices].long()
        images = self.images[indices].float() / 127.5 - 1.0
        mirror = torch.from_numpy(np.array(flips, dtype=bool))
        labels[mirror] = labels[mirror].flip(-1)
        images[mirror] = images[mirror].flip(-1)
        return labels, images

"""A small segmentation network for the paper's evaluation protocol (run a segmenter on
generated images, compare with the input labels), trained on real procedural images.

It plays the role DeepLab/UperNet play in the paper, at a size a CPU trains in minutes.
Its pooled bottleneck features also stand in for Inception features in a Fréchet
distance, reported as "segnet-FID" (not comparable with Inception FID).
"""

import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from landscape import NUM_CLASSES, load_split

DEFAULT_CACHE = Path.home() / ".cache" / "spade-studio" / "segnet"


def _block(fin: int, fout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(fin, fout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(fout), nn.ReLU(inplace=True),
        nn.Conv2d(fout, fout, 3, padding=1, bias=False), nn.BatchNorm2d(fout), nn.ReLU(inplace=True))


class SegNet(nn.Module):
    """U-Net-like: stride-2 stem (half resolution), three more downsamplings, skips back up."""

    def __init__(self, classes: int = NUM_CLASSES, width: int = 24):
        super().__init__()
        w = width
        self.enc1 = _block(3, w, stride=2)          # 1/2
        self.enc2 = _block(w, 2 * w, stride=2)      # 1/4
        self.enc3 = _block(2 * w, 4 * w, stride=2)  # 1/8
        self.enc4 = _block(4 * w, 8 * w, stride=2)  # 1/16: pooled for segnet-FID
        self.dec3 = _block(8 * w + 4 * w, 4 * w)
        self.dec2 = _block(4 * w + 2 * w, 2 * w)
        self.dec1 = _block(2 * w + w, w)
        self.head = nn.Conv2d(w, classes, 1)

    @staticmethod
    def _up_cat(x, skip):
        return torch.cat([F.interpolate(x, size=skip.shape[2:], mode="bilinear", align_corners=False), skip], 1)

    def forward(self, image: torch.Tensor) -> tuple:
        """image (B, 3, H, W) in [-1, 1] → (logits (B, classes, H, W), pooled features (B, 8·width))."""
        e1 = self.enc1(image)
        e2 = self.enc2(e1)
        e3 = self.enc3(e2)
        e4 = self.enc4(e3)
        d = self.dec3(self._up_cat(e4, e3))
        d = self.dec2(self._up_cat(d, e2))
        d = self.dec1(self._up_cat(d, e1))
        logits = F.interpolate(self.head(d), size=image.shape[2:], mode="bilinear", align_corners=False)
        return logits, e4.mean(dim=(2, 3))


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """(N, H, W, 3) uint8 → (N, 3, H, W) float in [-1, 1]."""
    return torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1


@torch.no_grad()
def predict(net: SegNet, images: torch.Tensor, batch: int = 16) -> tuple:
    """(predicted labels (N, H, W) int64, pooled features (N, D) float64) in eval mode."""
    net.eval()
    labels, features = [], []
    for start in range(0, images.shape[0], batch):
        logits, pooled = net(images[start:start + batch])
        labels.append(logits.argmax(1))
        features.append(pooled.double())
    return torch.cat(labels), torch.cat(features)


def class_weights(labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy weights ∝ 1/√frequency, so rare classes (paths, flowers) count in mIoU."""
    counts = torch.bincount(labels.flatten(), minlength=NUM_CLASSES).double() + 1
    weights = counts.rsqrt()
    return (weights / (weights * counts / counts.sum()).sum()).float()


def train(size: int, steps: int, data_dir: Path, pairs: int = 2000, seed: int = 0, log=print) -> SegNet:
    """`steps` Adam steps (batch 8, class-weighted cross-entropy, random flips, cosine-decayed
    rate) on `pairs` training pairs.

    A fixed step count, not a time limit, so the cached network does not depend on how
    busy the machine was.
    """
    torch.manual_seed(seed)
    labels, images = load_split("train", pairs, size, data_dir)
    labels, images = torch.from_numpy(labels).long(), to_tensor(images)
    weights = class_weights(labels)
    net = SegNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    rng = np.random.default_rng(seed)
    began = time.time()
    net.train()
    for step in range(1, steps + 1):
        index = rng.choice(pairs, 8, replace=False)
        x, y = images[index], labels[index]
        if rng.random() < 0.5:
            x, y = x.flip(-1), y.flip(-1)
        loss = F.cross_entropy(net(x)[0], y, weight=weights)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 50 == 0:
            log(f"segnet step {step}/{steps}: cross-entropy {loss.item():.3f} ({time.time() - began:.0f} s)")
    return net


def load_or_train(size: int, steps: int, data_dir: Path, cache_dir: Path = DEFAULT_CACHE, log=print) -> SegNet:
    """The cached network for `size` and `steps`, trained first if there is none."""
    path = Path(cache_dir) / f"segnet-{size}px-{steps}steps.pt"
    net = SegNet()
    if path.exists():
        net.load_state_dict(torch.load(path, map_location="cpu"))
        return net.eval()
    log(f"training the evaluation segmenter for {steps} steps (cached at {path})")
    net = train(size, steps, data_dir, log=log)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(net.state_dict(), path)
    return net.eval()

"""Look coverage: which kinds of light a model's random latents produce, against the data.

Every procedural image's look is known from its seed (`landscape.dataset.look_of`), so a small
classifier trained on real procedural images can name the look of a render: night, golden hour
or sunset, clear day, overcast or fog. Applied to renders under random latents, its shares say
whether the latent space covers the looks the data has, in the data's proportions.
"""

from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from landscape import load_split, split_seeds
from landscape.dataset import look_of

LOOKS = ("night", "golden/sunset", "clear day", "overcast/fog")
DEFAULT_CACHE = Path.home() / ".cache" / "spade-studio" / "looks"
_SIDE = 64  # the classifier sees images at this size: light and colour, not detail


def look_class(look) -> int:
    """Index in LOOKS of a `Look`: night first, then weather, then the sun's height."""
    if look.time == "night":
        return 0
    if look.weather != "clear":
        return 3
    return 1 if look.low_sun else 2


def classes_of(split: str, count: int) -> np.ndarray:
    return np.array([look_class(look_of(seed)) for seed in split_seeds(split, count)])


class LookNet(nn.Module):
    def __init__(self, width: int = 16):
        super().__init__()
        w = width
        self.features = nn.Sequential(
            nn.Conv2d(3, w, 3, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(2 * w, 4 * w, 3, stride=2, padding=1), nn.ReLU(inplace=True))
        self.head = nn.Linear(4 * w * 2, len(LOOKS))

    def forward(self, x):
        f = self.features(x)
        return self.head(torch.cat([f.mean((2, 3)), f.amax((2, 3))], 1))


def to_input(images: np.ndarray) -> torch.Tensor:
    """(N, H, W, 3) uint8 → (N, 3, 64, 64) in [-1, 1]."""
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1
    return F.interpolate(x, size=(_SIDE, _SIDE), mode="area")


def train(size: int, data_dir: Path, pairs: int = 2000, steps: int = 600, seed: int = 0) -> LookNet:
    torch.manual_seed(seed)
    _, images = load_split("train", pairs, size, data_dir)
    x, y = to_input(images), torch.from_numpy(classes_of("train", pairs))
    net = LookNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    rng = np.random.default_rng(seed)
    net.train()
    for _ in range(steps):
        index = rng.choice(pairs, min(32, pairs), replace=False)
        loss = F.cross_entropy(net(x[index]), y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return net.eval()


def load_or_train(size: int, data_dir: Path, cache_dir: Path = DEFAULT_CACHE, steps: int = 600,
                  pairs: int = 2000) -> LookNet:
    path = Path(cache_dir) / f"looknet-{size}px-{steps}steps-{pairs}pairs.pt"
    net = LookNet()
    if path.exists():
        net.load_state_dict(torch.load(path, map_location="cpu"))
        return net.eval()
    net = train(size, data_dir, pairs=pairs, steps=steps)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(net.state_dict(), path)
    return net


@torch.no_grad()
def predict(net: LookNet, images: np.ndarray) -> np.ndarray:
    return torch.cat([net(to_input(images[i:i + 64])).argmax(1) for i in range(0, len(images), 64)]).numpy()


def shares(classes: np.ndarray) -> dict:
    return {name: float(np.mean(classes == i)) for i, name in enumerate(LOOKS)}

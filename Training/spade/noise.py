"""Per-pixel noise injection (StyleGAN, Karras et al. 2019, §2): after each 3×3 conv of a residual
block, x + s_c · n(y, x), with one noise map shared by all channels and a learned strength s_c
per channel (zero at first, so a warm-started model computes what it did before).

A SPADE generator sees only the label map and one global latent: inside a large region of one
class every pixel gets the same γ, β, so a small network has nothing to draw texture from. The
noise gives it that per-pixel variation.

Training draws fresh noise; a render uses a fixed field, a pure function of (seed, layer, y, x)
on 32-bit integers, which the Swift engine computes bit for bit the same (see
docs/model-format.md), so renders stay exact and a stroke preview's window sees the same noise
as the whole picture. The values are uniform on [−√3, √3) (unit variance) in both.
"""

import torch
import torch.nn as nn

MASK = 0xFFFFFFFF
SQRT3 = 1.7320508075688772


def mix(h: torch.Tensor) -> torch.Tensor:
    """A 32-bit integer hash (xorshift-multiply rounds; both constants < 2³¹, so every product
    of a 32-bit value fits in int64)."""
    h = h ^ (h >> 16)
    h = (h * 0x7FEB352D) & MASK
    h = h ^ (h >> 15)
    h = (h * 0x31848BAB) & MASK
    return h ^ (h >> 14)


def noise_field(seed: int, layer: int, height: int, width: int) -> torch.Tensor:
    """The (height, width) float32 noise map of `layer` under `seed`."""
    base = mix(torch.tensor((seed & MASK) ^ 0x5EED, dtype=torch.int64))
    base = mix(base ^ layer)
    rows = mix(base ^ torch.arange(height, dtype=torch.int64))
    h = mix(rows[:, None] ^ torch.arange(width, dtype=torch.int64)[None, :])
    unit = (h >> 8).to(torch.float32) * (2.0 ** -23) - 1.0  # exact: k · 2⁻²³ − 1 on [−1, 1)
    return unit * torch.tensor(SQRT3, dtype=torch.float32)


class NoiseInjection(nn.Module):
    """x + strength_c · noise: fresh uniform noise in training, the seeded field otherwise."""

    def __init__(self, channels: int, layer: int):
        super().__init__()
        self.layer = layer
        self.strength = nn.Parameter(torch.zeros(channels))
        self.seed = 0  # set by SPADEGenerator.forward for renders

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, _, h, w = x.shape
        if self.training:
            noise = (torch.rand(b, 1, h, w, dtype=x.dtype, device=x.device) * 2 - 1) * SQRT3
        else:
            noise = noise_field(self.seed, self.layer, h, w).to(x.device, x.dtype)[None, None]
        return x + self.strength.view(1, -1, 1, 1) * noise

"""The OASIS objective (Schönfeld et al., ICLR 2021): a segmentation discriminator.

The discriminator sees the image alone and labels every pixel with one of N+1 classes: a
real image's pixels as their semantic class, a generated image's pixels all as "fake"
(class 0). The generator is trained to make the discriminator read its pixels as the
classes it was asked to paint, so the adversarial signal is per pixel and per class. Both
cross-entropies are balanced by class (each class weighted by the inverse of its share of
the batch's pixels), so small regions count. LabelMix regularises the discriminator: real
and fake are mixed along a random split of the label map's classes, and its logits on the
mix must equal the same mix of its logits on real and fake.

Written from the paper; the network is a small U-Net sized for CPU training.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm


class _ResBlock(nn.Module):
    """Spectral-normalised residual block; `down` halves the resolution at the end."""

    def __init__(self, fin: int, fout: int, down: bool):
        super().__init__()
        self.conv_0 = spectral_norm(nn.Conv2d(fin, fout, 3, padding=1))
        self.conv_1 = spectral_norm(nn.Conv2d(fout, fout, 3, padding=1))
        self.shortcut = spectral_norm(nn.Conv2d(fin, fout, 1)) if fin != fout else nn.Identity()
        self.down = down

    def forward(self, x):
        y = self.conv_1(F.leaky_relu(self.conv_0(F.leaky_relu(x, 0.2)), 0.2))
        y = y + self.shortcut(x)
        return F.avg_pool2d(y, 2) if self.down else y


class SegmentationDiscriminator(nn.Module):
    """U-Net: `depth` downsampling blocks, as many upsampling blocks fed the encoder's
    features of their resolution, and a 1×1 head to `classes` + 1 logits at the input's size.

    Widths: ndf/2 at full resolution, then ndf, 2·ndf, … (at most 8·ndf) per halving.
    """

    def __init__(self, classes: int, ndf: int, depth: int = 5):
        super().__init__()
        widths = [max(ndf // 2, 1)] + [ndf * 2 ** min(k, 3) for k in range(depth)]
        # down[k]: widths[k] → widths[k + 1] at 1/2^k, output at 1/2^(k+1).
        self.down = nn.ModuleList(_ResBlock(3 if k == 0 else widths[k], widths[k + 1], True) for k in range(depth))
        # up[k] works at 1/2^k on the upsampled features from below plus down[k - 1]'s output.
        self.up = nn.ModuleList(_ResBlock(widths[k + 1] + (widths[k] if k else 0), widths[k], False)
                                for k in range(depth))
        self.head = nn.Conv2d(widths[0], classes + 1, 1)

    def forward(self, image):
        features, x = [], image
        for block in self.down:
            x = block(x)
            features.append(x)
        for k in reversed(range(len(self.up))):
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = self.up[k](torch.cat([x, features[k - 1]], 1) if k else x)
        return self.head(x)


def class_balance(labels: torch.Tensor, classes: int) -> torch.Tensor:
    """(B, H, W) per-pixel weights: each class's weight ∝ 1 / its pixel share in the batch."""
    counts = torch.bincount(labels.flatten(), minlength=classes).float()
    weights = torch.where(counts > 0, labels.numel() / (classes * counts.clamp(min=1)), torch.zeros_like(counts))
    return weights[labels]


def _weighted_ce(logits: torch.Tensor, target: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    return (F.cross_entropy(logits, target, reduction="none") * weights).mean()


def loss_d(real_logits, fake_logits, labels: torch.Tensor, classes: int) -> tuple:
    """(fake term, real term): real pixels → class 1 + label, fake pixels → class 0."""
    weights = class_balance(labels, classes)
    real = _weighted_ce(real_logits, labels + 1, weights)
    fake = _weighted_ce(fake_logits, torch.zeros_like(labels), weights)
    return fake, real


def loss_g(fake_logits, labels: torch.Tensor, classes: int) -> torch.Tensor:
    """Make the discriminator read generated pixels as the classes painted."""
    return _weighted_ce(fake_logits, labels + 1, class_balance(labels, classes))


def labelmix(real: torch.Tensor, fake: torch.Tensor, labels: torch.Tensor) -> tuple:
    """(mixed images, mask (B, 1, H, W)): real where the pixel's class falls in a random half
    of the classes present, fake elsewhere."""
    present = torch.unique(labels)
    chosen = present[torch.randperm(len(present), device=labels.device)[: max(len(present) // 2, 1)]]
    mask = torch.isin(labels, chosen).unsqueeze(1).to(real.dtype)
    return mask * real + (1 - mask) * fake, mask


def labelmix_loss(mixed_logits, real_logits, fake_logits, mask) -> torch.Tensor:
    """LabelMix consistency: ‖D(mix) − mix(D(real), D(fake))‖²."""
    return F.mse_loss(mixed_logits, mask * real_logits + (1 - mask) * fake_logits)

"""SPADE: spatially-adaptive denormalization (paper section 3, Figure 2)."""

import torch.nn as nn
import torch.nn.functional as F

from .options import parse_spade_norm


class SPADE(nn.Module):
    """Normalizes `x` without learned affine parameters, then modulates it
    with a per-pixel scale and shift predicted from the segmentation map.

    out = x̂ · (1 + γ(seg)) + β(seg), with the map nearest-resized to x's size.
    Submodule names (`param_free_norm`, `mlp_shared.0`, `mlp_gamma`,
    `mlp_beta`) are those of the official checkpoints.
    """

    def __init__(self, norm_G: str, norm_nc: int, label_nc: int, hidden: int):
        super().__init__()
        _, kind, kernel = parse_spade_norm(norm_G)
        if kind == "batch":
            self.param_free_norm = nn.BatchNorm2d(norm_nc, affine=False)
        else:
            self.param_free_norm = nn.InstanceNorm2d(norm_nc, affine=False)
        pad = kernel // 2
        self.mlp_shared = nn.Sequential(
            nn.Conv2d(label_nc, hidden, kernel_size=kernel, padding=pad),
            nn.ReLU(),
        )
        self.mlp_gamma = nn.Conv2d(hidden, norm_nc, kernel_size=kernel, padding=pad)
        self.mlp_beta = nn.Conv2d(hidden, norm_nc, kernel_size=kernel, padding=pad)

    def forward(self, x, segmap):
        normalized = self.param_free_norm(x)
        segmap = F.interpolate(segmap, size=x.shape[2:], mode="nearest")
        shared = self.mlp_shared(segmap)
        return normalized * (1 + self.mlp_gamma(shared)) + self.mlp_beta(shared)

"""The SPADE residual block (paper Figure 4, left)."""

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm

from .noise import NoiseInjection
from .options import parse_spade_norm
from .spade_layer import SPADE


class SPADEResnetBlock(nn.Module):
    """Two SPADE → leaky ReLU → 3×3 conv stages plus a shortcut.

    When the channel count changes the shortcut is learned: SPADE then a 1×1
    conv without bias and without an activation in between, as in the
    official code (the paper's figure draws a ReLU there; the code has none).
    """

    def __init__(self, fin: int, fout: int, opt, index: int = 0):
        super().__init__()
        self.learned_shortcut = fin != fout
        fmiddle = min(fin, fout)
        spectral, _, _ = parse_spade_norm(opt.norm_G)
        wrap = spectral_norm if spectral else (lambda conv: conv)

        self.conv_0 = wrap(nn.Conv2d(fin, fmiddle, kernel_size=3, padding=1))
        self.conv_1 = wrap(nn.Conv2d(fmiddle, fout, kernel_size=3, padding=1))
        if self.learned_shortcut:
            self.conv_s = wrap(nn.Conv2d(fin, fout, kernel_size=1, bias=False))

        self.norm_0 = SPADE(opt.norm_G, fin, opt.semantic_nc, opt.spade_hidden)
        self.norm_1 = SPADE(opt.norm_G, fmiddle, opt.semantic_nc, opt.spade_hidden)
        if self.learned_shortcut:
            self.norm_s = SPADE(opt.norm_G, fin, opt.semantic_nc, opt.spade_hidden)
        # Noise after each conv of the residual path; layers are numbered 2·index and 2·index + 1.
        self.noise_0 = NoiseInjection(fmiddle, 2 * index) if opt.noise else None
        self.noise_1 = NoiseInjection(fout, 2 * index + 1) if opt.noise else None

    def forward(self, x, seg):
        shortcut = self.conv_s(self.norm_s(x, seg)) if self.learned_shortcut else x
        dx = self.conv_0(F.leaky_relu(self.norm_0(x, seg), 0.2))
        if self.noise_0 is not None:
            dx = self.noise_0(dx)
        dx = self.conv_1(F.leaky_relu(self.norm_1(dx, seg), 0.2))
        if self.noise_1 is not None:
            dx = self.noise_1(dx)
        return shortcut + dx

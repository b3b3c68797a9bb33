"""The SPADE generator (paper Figure 4, right; appendix A)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .noise import NoiseInjection
from .options import latent_size
from .resnet_block import SPADEResnetBlock


class SPADEGenerator(nn.Module):
    """Maps a semantic map (and, for VAE models, a style vector z) to an RGB
    image in [-1, 1].

    The network starts from a tiny `sh × sw` grid (from `fc`: a Linear on z,
    or a 3×3 conv on the map nearest-resized to that grid) and doubles it with
    nearest upsampling exactly where the official forward pass does: after
    `head_0`, once more after `G_middle_0` for 'more'/'most', and before every
    `up_i` block.
    """

    def __init__(self, opt):
        super().__init__()
        self.opt = opt
        nf = opt.ngf
        self.sh, self.sw = latent_size(opt)

        if opt.use_vae:
            self.fc = nn.Linear(opt.z_dim, 16 * nf * self.sh * self.sw)
        else:
            self.fc = nn.Conv2d(opt.semantic_nc, 16 * nf, 3, padding=1)

        self.head_0 = SPADEResnetBlock(16 * nf, 16 * nf, opt, 0)
        self.G_middle_0 = SPADEResnetBlock(16 * nf, 16 * nf, opt, 1)
        self.G_middle_1 = SPADEResnetBlock(16 * nf, 16 * nf, opt, 2)
        self.up_0 = SPADEResnetBlock(16 * nf, 8 * nf, opt, 3)
        self.up_1 = SPADEResnetBlock(8 * nf, 4 * nf, opt, 4)
        self.up_2 = SPADEResnetBlock(4 * nf, 2 * nf, opt, 5)
        self.up_3 = SPADEResnetBlock(2 * nf, 1 * nf, opt, 6)
        final_nc = nf
        if opt.num_upsampling_layers == "most":
            self.up_4 = SPADEResnetBlock(nf, nf // 2, opt, 7)
            final_nc = nf // 2
        self.conv_img = nn.Conv2d(final_nc, 3, 3, padding=1)

    @staticmethod
    def up(x):
        return F.interpolate(x, scale_factor=2, mode="nearest")

    def forward(self, seg, z=None, noise_seed: int = 0):
        """seg: (B, semantic_nc, H, W) float; z: (B, z_dim) or None (VAE models
        then draw z from a unit normal); noise_seed: the noise field of an
        eval-mode render (models with noise injection)."""
        for module in self.modules():
            if isinstance(module, NoiseInjection):
                module.seed = noise_seed
        if self.opt.use_vae:
            if z is None:
                z = torch.randn(seg.shape[0], self.opt.z_dim, dtype=seg.dtype, device=seg.device)
            x = self.fc(z).view(-1, 16 * self.opt.ngf, self.sh, self.sw)
        else:
            x = self.fc(F.interpolate(seg, size=(self.sh, self.sw), mode="nearest"))

        x = self.head_0(x, seg)
        x = self.up(x)
        x = self.G_middle_0(x, seg)
        if self.opt.num_upsampling_layers in ("more", "most"):
            x = self.up(x)
        x = self.G_middle_1(x, seg)

        for block in (self.up_0, self.up_1, self.up_2, self.up_3):
            x = block(self.up(x), seg)
        if self.opt.num_upsampling_layers == "most":
            x = self.up_4(self.up(x), seg)

        return torch.tanh(self.conv_img(F.leaky_relu(x, 0.2)))

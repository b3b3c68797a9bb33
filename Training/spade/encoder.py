"""The image encoder of SPADE's multi-modal (VAE) variant (paper appendix A)."""

import math

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm


class ConvEncoder(nn.Module):
    """Encodes an RGB image in [-1, 1] into the mean and log-variance of z.

    The image is bilinearly resized (align_corners=False) to
    `encoder_input_size²`, then `log2(size / 4)` stride-2 3×3 convs bring it
    to 4×4. Each conv is spectral-normalized (norm_E 'spectralinstance';
    'instance' leaves it plain, for folded weights), has no bias (instance norm
    follows and would cancel it) and sits in `nn.Sequential(conv, norm)` so
    the parameters are named `layerK.0.weight_orig` like the official ones.
    Widths are ndf, 2ndf, 4ndf, 8ndf, 8ndf, ...; ndf is `opt.ngf` as in the
    official code.

    The official encoder always resizes to 256 and adds `layer6` only when
    crop_size >= 256, so for crop_size < 256 its last map is 8×8 and `fc_mu`
    cannot accept it; making the input size an option avoids that.
    """

    def __init__(self, opt):
        super().__init__()
        if opt.norm_E not in ("spectralinstance", "instance"):
            raise ValueError(f"norm_E {opt.norm_E!r} is not supported; use 'spectralinstance' or 'instance'")
        wrap = spectral_norm if opt.norm_E.startswith("spectral") else (lambda conv: conv)
        size = opt.encoder_input_size
        num_layers = int(round(math.log2(size / 4)))
        if size < 8 or 4 * 2 ** num_layers != size:
            raise ValueError(f"encoder_input_size must be 4·2^k with k >= 1, not {size}")
        self.input_size = size
        ndf = opt.ngf

        fin = 3
        for index in range(num_layers):
            fout = ndf * min(2 ** index, 8)
            conv = wrap(nn.Conv2d(fin, fout, 3, stride=2, padding=1, bias=False))
            self.add_module(f"layer{index + 1}", nn.Sequential(conv, nn.InstanceNorm2d(fout, affine=False)))
            fin = fout
        self.num_layers = num_layers

        self.fc_mu = nn.Linear(fin * 4 * 4, opt.z_dim)
        self.fc_var = nn.Linear(fin * 4 * 4, opt.z_dim)

    def forward(self, image):
        """image: (B, 3, H, W) in [-1, 1]. Returns (mu, logvar), each (B, z_dim)."""
        x = image
        if x.shape[2] != self.input_size or x.shape[3] != self.input_size:
            x = F.interpolate(x, size=(self.input_size, self.input_size),
                              mode="bilinear", align_corners=False)
        for index in range(self.num_layers):
            x = F.leaky_relu(getattr(self, f"layer{index + 1}")(x), 0.2)
        x = x.reshape(x.shape[0], -1)
        return self.fc_mu(x), self.fc_var(x)

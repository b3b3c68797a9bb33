"""The multi-scale PatchGAN discriminator of pix2pixHD as SPADE uses it (paper appendix A).

Each scale is an n-layer PatchGAN on concat(one-hot labels, image); the inner layers are
spectral-normalised convs followed by instance norm, as in the official code (whose first
and last convs carry neither). Every layer's output is returned, because the generator's
feature-matching loss compares them for real and fake images.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm


class PatchDiscriminator(nn.Module):
    """4×4 convs: stride 2 except the last two; widths ndf, 2ndf, ... capped at 512."""

    def __init__(self, input_nc: int, ndf: int, n_layers: int):
        super().__init__()
        layers = [nn.Sequential(nn.Conv2d(input_nc, ndf, 4, stride=2, padding=2), nn.LeakyReLU(0.2))]
        nf = ndf
        for n in range(1, n_layers):
            nf_prev, nf = nf, min(nf * 2, 512)
            stride = 1 if n == n_layers - 1 else 2
            conv = spectral_norm(nn.Conv2d(nf_prev, nf, 4, stride=stride, padding=2, bias=False))
            layers.append(nn.Sequential(conv, nn.InstanceNorm2d(nf, affine=False), nn.LeakyReLU(0.2)))
        layers.append(nn.Sequential(nn.Conv2d(nf, 1, 4, stride=1, padding=2)))
        for index, layer in enumerate(layers):
            self.add_module(f"model{index}", layer)

    def forward(self, x) -> list:
        features = []
        for layer in self.children():
            x = layer(x)
            features.append(x)
        return features


class MultiscaleDiscriminator(nn.Module):
    """`num_d` PatchGANs, each seeing the input at half the resolution of the previous one."""

    def __init__(self, input_nc: int, ndf: int, n_layers: int, num_d: int):
        super().__init__()
        for index in range(num_d):
            self.add_module(f"discriminator_{index}", PatchDiscriminator(input_nc, ndf, n_layers))

    def forward(self, x) -> list:
        """A list (one entry per scale) of lists of layer outputs; the last is the patch score."""
        outputs = []
        for scale in self.children():
            outputs.append(scale(x))
            x = F.avg_pool2d(x, kernel_size=3, stride=2, padding=1, count_include_pad=False)
        return outputs


def split_fake_real(outputs: list) -> tuple:
    """Outputs for a batch [fake; real] → (fake outputs, real outputs), same nesting."""
    fake = [[t[: t.shape[0] // 2] for t in scale] for scale in outputs]
    real = [[t[t.shape[0] // 2:] for t in scale] for scale in outputs]
    return fake, real


def discriminate(netD, semantics: torch.Tensor, fake: torch.Tensor, real: torch.Tensor) -> tuple:
    """Score fake and real images in one batch (so instance statistics see both alike)."""
    pairs = torch.cat([torch.cat([semantics, fake], 1), torch.cat([semantics, real], 1)], 0)
    return split_fake_real(netD(pairs))

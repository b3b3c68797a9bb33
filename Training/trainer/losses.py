"""The SPADE objective: hinge GAN loss, discriminator feature matching, KL divergence of the
style encoder, and an L1 reconstruction term that stands in for the VGG perceptual loss
(no pretrained VGG weights are available offline).
"""

import torch
import torch.nn.functional as F


def hinge_d(fake_outputs: list, real_outputs: list) -> tuple:
    """Discriminator hinge terms (fake, real), each averaged over scales."""
    fake = sum(F.relu(1 + scale[-1]).mean() for scale in fake_outputs) / len(fake_outputs)
    real = sum(F.relu(1 - scale[-1]).mean() for scale in real_outputs) / len(real_outputs)
    return fake, real


def hinge_g(fake_outputs: list) -> torch.Tensor:
    """Generator hinge term: raise the discriminator's score of fakes."""
    return -sum(scale[-1].mean() for scale in fake_outputs) / len(fake_outputs)


def feature_matching(fake_outputs: list, real_outputs: list) -> torch.Tensor:
    """L1 between the discriminator's intermediate features of fake and real images,
    summed over layers and averaged over scales (the score layer is excluded)."""
    total = 0.0
    for fake_scale, real_scale in zip(fake_outputs, real_outputs):
        for fake, real in zip(fake_scale[:-1], real_scale[:-1]):
            total = total + F.l1_loss(fake, real.detach())
    return total / len(fake_outputs)


def kl_divergence(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, exp(logvar)) || N(0, 1)) summed over batch and dimensions, as the official code does."""
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """z = mu + eps · exp(0.5 · logvar), eps ~ N(0, I): differentiable sampling of z."""
    return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)

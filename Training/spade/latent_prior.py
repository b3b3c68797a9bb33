"""The latents random seeds get: N(0, I), or a model's style bank.

A VAE-trained SPADE generator sees z = μ(x) + σ(x)·ε of training images, and its random latents
come from the prior N(0, I). When the encoder's posteriors do not fill the prior evenly (ours put
the look in three directions), prior samples land on some looks more than the data has them. A
style bank is the ex-post fix (Ghosh et al., ICLR 2020, "From variational to deterministic
autoencoders": fit the density of encoded training latents and sample from it): the posteriors
of K training images, stored with the model; a seed picks one and draws z = μ_k + σ_k·ε.

The seeded draw is the engine's (Sources/SpadeLatent/LatentPrior.swift), bit for bit:
SplitMix64 → one uniform picks k = ⌊u·K⌋, then Box–Muller normals for ε.
"""

import math

import numpy as np
import torch

#: Tensor names in the model file.
MEANS, SCALES = "latent_prior.means", "latent_prior.scales"
_MASK = (1 << 64) - 1


def _splitmix64(seed: int):
    state = seed & _MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & _MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        yield z ^ (z >> 31)


def _uniform(bits) -> float:
    return ((next(bits) >> 11) + 0.5) / 2.0 ** 53


def _normals(bits, count: int) -> np.ndarray:
    out = []
    while len(out) < count:
        u1, u2 = _uniform(bits), _uniform(bits)
        r = math.sqrt(-2 * math.log(u1))
        out += [np.float32(r * math.cos(2 * math.pi * u2)), np.float32(r * math.sin(2 * math.pi * u2))]
    return np.array(out[:count], np.float32)


class StyleBank:
    """K posteriors (means, scales: (K, z_dim) float32) and their centre, the typical look."""

    def __init__(self, means, scales):
        self.means = torch.as_tensor(means, dtype=torch.float32)
        self.scales = torch.as_tensor(scales, dtype=torch.float32)
        self.centre = self.means.mean(0)

    @classmethod
    def of_tensors(cls, tensors: dict):
        """The bank in a model file's tensors, or None (the model samples N(0, I))."""
        if MEANS not in tensors:
            return None
        return cls(tensors[MEANS].float(), tensors[SCALES].float())

    def tensors(self) -> dict:
        return {MEANS: self.means.contiguous(), SCALES: self.scales.contiguous()}

    def sample(self, count: int, generator: torch.Generator) -> torch.Tensor:
        """`count` latents for evaluation (torch's generator, not the seeded draw)."""
        k = torch.randint(0, self.means.shape[0], (count,), generator=generator)
        return self.means[k] + self.scales[k] * torch.randn(count, self.means.shape[1], generator=generator)

    def seeded(self, seed: int, psi: float = None) -> np.ndarray:
        """The latent the studio and `render --seed` give `seed` (ψ pulls it towards the centre)."""
        bits = _splitmix64(seed)
        k = min(int(_uniform(bits) * self.means.shape[0]), self.means.shape[0] - 1)
        eps = _normals(bits, self.means.shape[1])
        means, scales = self.means.numpy(), self.scales.numpy()
        z = means[k] + scales[k] * eps
        if psi is not None:
            centre = self.centre.numpy()
            z = centre + np.float32(psi) * (z - centre)
        return z.astype(np.float32)


def seeded_latent(seed: int, z_dim: int, bank=None, psi: float = None) -> np.ndarray:
    """Seed N's latent as the engine draws it: from the bank, else N(0, I) scaled by ψ."""
    if bank is not None:
        return bank.seeded(seed, psi)
    z = _normals(_splitmix64(seed), z_dim)
    return z * np.float32(psi) if psi is not None else z


def sample_latents(bank, count: int, z_dim: int, generator: torch.Generator) -> torch.Tensor:
    """Random latents as the model's users get them: from its bank, else N(0, I)."""
    return bank.sample(count, generator) if bank is not None else torch.randn(count, z_dim, generator=generator)

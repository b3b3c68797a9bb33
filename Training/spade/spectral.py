"""Spectral norm as stored in checkpoints, and folding it into plain weights.

A spectral-normalized layer stores `weight_orig`, `weight_u`, `weight_v`.
In eval mode PyTorch uses W = weight_orig / σ with σ = uᵀ · W_mat · v and no
power iteration, so folding with the same float32 operations reproduces the
eval-mode weight exactly.
"""

import torch
from torch.nn.utils.spectral_norm import SpectralNorm


def fold_spectral_norm(state_dict: dict) -> dict:
    """A copy of `state_dict` with every `X_orig`/`X_u`/`X_v` triple replaced
    by the folded `X`; other entries are kept as they are."""
    folded = {}
    for key, value in state_dict.items():
        if key.endswith("_u") or key.endswith("_v"):
            if key[:-2] + "_orig" in state_dict:
                continue
        if key.endswith("_orig"):
            stem = key[:-len("_orig")]
            u, v = state_dict[stem + "_u"], state_dict[stem + "_v"]
            weight_mat = value.reshape(value.shape[0], -1)
            sigma = torch.dot(u, torch.mv(weight_mat, v))
            folded[stem] = value / sigma
        else:
            folded[key] = value
    return folded


@torch.no_grad()
def settle_spectral_norm(module: torch.nn.Module, iterations: int = 30) -> None:
    """Run power iterations on every spectral-normalized layer of `module`, so
    u and v approach the leading singular vectors as they do after training.

    Freshly initialised u, v are random and σ = uᵀWv can be near zero or
    negative; random test models need this to behave like trained ones.
    """
    for layer in module.modules():
        for hook in layer._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm):
                for _ in range(iterations):
                    hook.compute_weight(layer, do_power_iteration=True)

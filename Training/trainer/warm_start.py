"""Starting a run from a model file instead of from scratch.

A run whose checkpoint is lost continues from the last committed export (its generator and
encoder; the discriminator starts fresh), and a larger model can start from a smaller one's
blocks where their shapes agree (coarse to fine: the 64² model's blocks under a 256² 'most'
generator, whose new up_4 and conv_img start fresh).

The file holds spectral norm folded (W = W_orig / σ̂). It is loaded as W_orig = W with u, v
settled on it and u then divided by the estimate uᵀWv, so that the stored vectors give σ̂ = 1 and
the network computes exactly W (its next training step's power iteration renormalises u: the
true spectral normalisation of W, which differs from W by however far the exporting run's
estimate was from converged).
"""

import torch

from spade.safetensors_io import read_safetensors
from spade.spectral import settle_spectral_norm


@torch.no_grad()
def load_matching(net: torch.nn.Module, tensors: dict, prefix: str) -> tuple:
    """Copies `prefix + name` tensors into `net` wherever name and shape match; returns
    (loaded, left fresh) parameter and buffer names."""
    loaded, fresh = [], []
    for key, value in net.state_dict().items():
        if key.endswith(("_u", "_v")) or key.endswith("num_batches_tracked"):
            continue
        name = prefix + (key[:-len("_orig")] if key.endswith("_orig") else key)
        source = tensors.get(name)
        if source is not None and tuple(source.shape) == tuple(value.shape):
            value.copy_(source.to(value.dtype))
            loaded.append(key)
        else:
            fresh.append(key)
    settle_spectral_norm(net)
    state = net.state_dict()
    for key in loaded:
        if key.endswith("_orig"):
            stem = key[:-len("_orig")]
            weight = state[key]
            estimate = torch.dot(state[stem + "_u"], torch.mv(weight.reshape(weight.shape[0], -1), state[stem + "_v"]))
            state[stem + "_u"].div_(estimate)
    return loaded, fresh


def warm_start(path, netG, netE) -> str:
    """Loads what fits of the model file at `path` into the generator and encoder; one line to log."""
    tensors, _ = read_safetensors(path)
    g_loaded, g_fresh = load_matching(netG, tensors, "netG.")
    e_loaded, e_fresh = load_matching(netE, tensors, "netE.")
    fresh = g_fresh + [f"netE.{k}" for k in e_fresh]
    return (f"initialised from {path}: {len(g_loaded)} generator and {len(e_loaded)} encoder tensors; "
            f"fresh: {', '.join(sorted({k.split('.')[0] for k in fresh})) or 'none'}")

"""Shared helpers: make `spade` importable and build tiny models quickly."""

import sys
from pathlib import Path

import pytest
import torch

TRAINING_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINING_DIR))

from spade.options import SpadeOptions  # noqa: E402
from spade.spectral import settle_spectral_norm  # noqa: E402


def tiny_options(**overrides) -> SpadeOptions:
    """A small ade20k-style model: ngf 2, hidden 4, 32×32 output."""
    settings = dict(label_nc=150, contain_dontcare_label=True, no_instance=True, dataset_mode="ade20k",
                    ngf=2, crop_size=32, spade_hidden=4, norm_G="spectralspadesyncbatch3x3",
                    encoder_input_size=32)
    settings.update(overrides)
    return SpadeOptions(**settings)


def trained_looking(net: torch.nn.Module) -> torch.nn.Module:
    """Settled spectral norm and non-trivial batch-norm statistics, eval mode."""
    settle_spectral_norm(net)
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0.0, 0.5)
                module.running_var.uniform_(0.5, 2.0)
    return net.eval()


# One intra-op thread: the models are tiny, and on a shared 2-core machine a
# second OpenMP thread spin-waiting under contention made the suite ~4× slower.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _seeded():
    torch.manual_seed(0)

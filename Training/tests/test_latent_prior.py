"""Style banks: the seeded draw the engine makes, fitting one into a model file, and evaluation
drawing from it."""

import json

import numpy as np
import pytest
import torch

import fit_style_bank
import train
from spade.export import METADATA_KEY
from spade.latent_prior import StyleBank, sample_latents, seeded_latent
from spade.safetensors_io import read_safetensors


def test_seeded_latents_match_the_engine_reference():
    # Tests/StudioCoreTests/LatentStateTests.swift holds the same values for seed 42.
    assert seeded_latent(42, 4).tolist() == pytest.approx([0.41471976, 0.65268123, -0.89188623, 1.32683361], abs=1e-6)
    assert seeded_latent(42, 4, psi=0.5).tolist() == pytest.approx([0.20735988, 0.32634062, -0.44594312, 0.66341681], abs=1e-6)


def test_a_bank_draws_one_posterior_per_seed_and_truncates_towards_its_centre():
    means = np.array([[1, 2, 3, 4], [-1, -2, -3, -4], [0.5, 0, -0.5, 10]], np.float32)
    bank = StyleBank(means, np.zeros_like(means))
    drawn = {tuple(bank.seeded(seed)) for seed in range(40)}
    assert drawn == {tuple(m) for m in means}, "zero scales: every draw is one of the means, and all are drawn"
    assert bank.seeded(5, psi=0.0).tolist() == pytest.approx(means.mean(0).tolist())
    z = sample_latents(bank, 6, 4, torch.Generator().manual_seed(0))
    assert z.shape == (6, 4) and all(any(torch.equal(row, torch.from_numpy(m)) for m in means) for row in z)
    assert sample_latents(None, 3, 4, torch.Generator().manual_seed(0)).shape == (3, 4)


def test_fit_style_bank_writes_the_posteriors_into_the_model(tmp_path):
    model = tmp_path / "m.safetensors"
    assert train.main(["--size", "32", "--steps", "1", "--batch", "2", "--train-pairs", "8", "--threads", "1",
                       "--data-dir", str(tmp_path / "data"), "--ckpt-dir", str(tmp_path / "run"), "--export", str(model)]) == 0
    assert fit_style_bank.main(["--model", str(model), "--images", "10", "--workers", "1"]) == 0
    tensors, metadata = read_safetensors(model)
    config = json.loads(metadata[METADATA_KEY])
    bank = StyleBank.of_tensors(tensors)
    assert config["style_bank"] == {"count": 10} and bank.means.shape == (10, 256)
    assert (bank.scales > 0).all() and not torch.equal(bank.means[0], bank.means[1])
    assert fit_style_bank.main(["--model", str(tmp_path / "missing.safetensors")]) == 2


def test_balancing_weights_reach_the_target_shares_closest_to_uniform():
    import balance_style_bank
    # Six entries: four render "day" (look 2), one "night", one half sunset half day; no "overcast".
    p = np.array([[0, 0, 1, 0]] * 4 + [[1, 0, 0, 0], [0, 0.5, 0.5, 0]], dtype=float)
    target = np.array([0.25, 0.25, 0.5, 0.0])
    w = balance_style_bank.balancing_weights(p, target)
    assert w.sum() == pytest.approx(1)
    assert (w @ p).tolist() == pytest.approx(target.tolist(), abs=1e-3)
    assert w[:4] == pytest.approx([w[0]] * 4), "entries that render alike get equal weight"
    # Already balanced: uniform weights stay.
    uniform = balance_style_bank.balancing_weights(p, p.mean(0))
    assert uniform.tolist() == pytest.approx([1 / 6] * 6, abs=1e-4)


def test_systematic_resampling_follows_the_weights():
    import balance_style_bank
    chosen = balance_style_bank.systematic_resample(np.array([0.5, 0.25, 0.25, 0.0]), 8)
    assert np.bincount(chosen, minlength=4).tolist() == [4, 2, 2, 0]

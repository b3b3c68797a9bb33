"""train.py at 32×32 for a few steps: losses, checkpoints, bit-for-bit resume, export, bad configs."""

import csv
import json
import math

import numpy as np
import pytest
import torch

import train
from landscape import CLASSES
from landscape.classes import PALETTE_PATH
from spade.model_file import load_model_file
from spade.models import labels_to_input
from trainer.data import LandscapeBatches


def run(tmp_path, name, *extra):
    """train.main with small settings; the pair cache is shared between runs of a test."""
    argv = ["--size", "32", "--train-pairs", "24", "--batch", "4", "--threads", "1",
            "--data-dir", str(tmp_path / "data"), "--ckpt-dir", str(tmp_path / name),
            "--log-every", "1", "--sample-every", "2", "--ckpt-every", "100", *extra]
    return train.main(argv)


def states(path):
    payload = torch.load(path)
    return payload["step"], payload["state"]


def assert_same(a, b, where=""):
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    elif torch.is_tensor(a):
        assert torch.equal(a, b), where
    else:
        assert a == b, where


def test_a_short_run_logs_finite_losses_and_writes_its_files(tmp_path):
    assert run(tmp_path, "run", "--steps", "3") == 0
    folder = tmp_path / "run"
    rows = list(csv.DictReader(open(folder / "losses.csv")))
    assert [int(r["step"]) for r in rows] == [1, 2, 3]
    assert all(math.isfinite(float(v)) for r in rows for v in r.values())
    assert {"G_GAN", "G_feat", "KLD", "L1", "D_fake", "D_real"} <= set(rows[0])
    assert (folder / "samples.png").stat().st_size > 0 and (folder / "loss_curve.png").stat().st_size > 0
    assert states(folder / "latest.pt")[0] == 3


def test_resuming_reproduces_an_uninterrupted_run_bit_for_bit(tmp_path):
    assert run(tmp_path, "straight", "--steps", "4") == 0
    assert run(tmp_path, "split", "--steps", "2") == 0
    assert states(tmp_path / "split" / "latest.pt")[0] == 2
    assert run(tmp_path, "split", "--steps", "4") == 0
    step_a, state_a = states(tmp_path / "straight" / "latest.pt")
    step_b, state_b = states(tmp_path / "split" / "latest.pt")
    assert step_a == step_b == 4
    assert_same(state_a, state_b)  # networks, batch-norm statistics, spectral-norm vectors, Adam moments


def test_a_spent_time_budget_stops_with_a_checkpoint(tmp_path):
    assert run(tmp_path, "budget", "--time-budget", "0") == 0
    assert states(tmp_path / "budget" / "latest.pt")[0] == 0


def test_export_writes_a_model_file_the_spade_package_reads(tmp_path):
    model = tmp_path / "landscape.safetensors"
    assert run(tmp_path, "run", "--steps", "1", "--export", str(model)) == 0
    netG, netE, config, opt = load_model_file(model)
    assert config["name"] == "landscape" and config["labels"]["palette"] == "landscape.json"
    assert config["labels"]["class_names"] == [c.name for c in CLASSES]
    assert config["labels"]["value_offset"] == 0 and config["labels"]["dontcare_values"] == []
    assert config["generator"]["use_vae"] and config["encoder"]["input_size"] == 32
    labels = torch.randint(0, len(CLASSES), (2, 32, 32))
    with torch.no_grad():
        image = netG(labels_to_input(labels, None, opt), torch.randn(2, opt.z_dim))
        mu, _ = netE(image)
    assert image.shape == (2, 3, 32, 32) and torch.isfinite(image).all() and mu.shape == (2, 256)


@pytest.mark.parametrize("extra, message", [
    (["--size", "48", "--steps", "1"], "multiple of 32"),
    (["--size", "0", "--steps", "1"], "multiple of 32"),
    (["--size", "64", "--upsampling", "most", "--steps", "1"], "multiple of 128"),
    (["--steps", "1", "--init-from", "/nonexistent.safetensors"], "does not exist"),
    (["--steps", "1", "--resume", "/nonexistent/latest.pt"], "does not exist"),
    (["--steps", "1", "--batch", "0"], "--batch"),
    ([], "--steps"),
])
def test_bad_configurations_exit_2_with_one_line(tmp_path, capsys, extra, message):
    assert run(tmp_path, "bad", *extra) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_palette_with_an_unknown_class_is_refused(tmp_path, capsys):
    doc = json.loads(PALETTE_PATH.read_text())
    doc["classes"][3]["name"] = "volcano"
    palette = tmp_path / "odd.json"
    palette.write_text(json.dumps(doc))
    assert run(tmp_path, "bad", "--steps", "1", "--palette", str(palette)) == 2
    assert "volcano" in capsys.readouterr().err


def test_resuming_with_another_architecture_is_refused(tmp_path, capsys):
    assert run(tmp_path, "run", "--steps", "1") == 0
    assert run(tmp_path, "run", "--steps", "2", "--ngf", "8") == 2
    assert "--ngf" in capsys.readouterr().err


def test_batches_depend_only_on_the_step_and_split_across_processes():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 15, (10, 8, 8)).astype(np.uint8)
    images = rng.integers(0, 256, (10, 8, 8, 3)).astype(np.uint8)
    data = LandscapeBatches(labels, images, seed=3)
    whole_labels, whole_images = data.batch(7, 4)  # crosses into the third epoch
    assert torch.equal(whole_labels, LandscapeBatches(labels, images, seed=3).batch(7, 4)[0])
    halves = [data.batch(7, 4, rank, 2) for rank in range(2)]
    assert torch.equal(torch.cat([h[0] for h in halves]), whole_labels)
    assert torch.equal(torch.cat([h[1] for h in halves]), whole_images)
    assert whole_images.min() >= -1 and whole_images.max() <= 1


def test_an_oasis_run_trains_and_resumes_bit_for_bit(tmp_path):
    assert run(tmp_path, "straight", "--steps", "3", "--discriminator", "oasis") == 0
    rows = list(csv.DictReader(open(tmp_path / "straight" / "losses.csv")))
    assert {"G_GAN", "KLD", "L1", "D_fake", "D_real", "D_mix"} <= set(rows[0]) and "G_feat" not in rows[0]
    assert all(math.isfinite(float(v)) for r in rows for v in r.values())
    assert run(tmp_path, "split", "--steps", "2", "--discriminator", "oasis") == 0
    assert run(tmp_path, "split", "--steps", "3", "--discriminator", "oasis") == 0
    assert_same(states(tmp_path / "straight" / "latest.pt")[1], states(tmp_path / "split" / "latest.pt")[1])


def test_the_export_is_the_moving_average_and_a_run_can_start_from_it(tmp_path):
    first = tmp_path / "first.safetensors"
    assert run(tmp_path, "run", "--steps", "3", "--export", str(first)) == 0
    payload = torch.load(tmp_path / "run" / "latest.pt")
    trained, average = payload["state"]["netG"], payload["state"]["netG_ema"]
    key = "head_0.conv_0.weight_orig"
    assert not torch.equal(trained[key], average[key])  # averaged, not the last step's weights
    netG, _, _, _ = load_model_file(first)
    # A fresh run (a lost checkpoint) starts from the export: before any step its own export
    # computes what the first one does.
    second = tmp_path / "second.safetensors"
    assert run(tmp_path, "again", "--steps", "0", "--ema", "0", "--init-from", str(first),
               "--export", str(second)) == 0
    netG2, _, _, opt = load_model_file(second)
    labels = torch.randint(0, len(CLASSES), (2, 32, 32))
    z = torch.randn(2, opt.z_dim)
    with torch.no_grad():
        a = netG(labels_to_input(labels, None, opt), z)
        b = netG2(labels_to_input(labels, None, opt), z)
    assert (a - b).abs().max() < 1e-3


def test_a_larger_model_starts_from_a_smaller_ones_matching_blocks(tmp_path, capsys):
    small = tmp_path / "small.safetensors"
    assert run(tmp_path, "small", "--steps", "1", "--export", str(small)) == 0
    assert run(tmp_path, "big", "--size", "128", "--upsampling", "most", "--steps", "0", "--init-from", str(small),
               "--train-pairs", "4") == 0
    line = [l for l in capsys.readouterr().out.splitlines() if l.startswith("initialised from")][0]
    assert "fresh: conv_img, netE, up_4" in line


def test_a_noise_run_starts_from_a_plain_model_and_exports_its_strengths(tmp_path, capsys):
    plain = tmp_path / "plain.safetensors"
    assert run(tmp_path, "plain", "--steps", "1", "--export", str(plain)) == 0
    noisy = tmp_path / "noisy.safetensors"
    assert run(tmp_path, "noisy", "--steps", "2", "--noise", "--l1-pool", "4", "--init-from", str(plain),
               "--export", str(noisy)) == 0
    line = [l for l in capsys.readouterr().out.splitlines() if l.startswith("initialised from")][0]
    assert "fresh: G_middle_0, G_middle_1, head_0, up_0, up_1, up_2, up_3" in line  # the strengths only
    netG, _, config, _ = load_model_file(noisy)
    assert config["generator"]["noise"] is True
    assert float(netG.up_3.noise_1.strength.abs().max()) > 0  # trained away from zero


def test_name_looks_writes_one_latent_per_look_and_keeps_the_weights(tmp_path):
    import name_looks
    from spade.safetensors_io import read_safetensors

    model = tmp_path / "model.safetensors"
    assert run(tmp_path, "run", "--steps", "1", "--export", str(model)) == 0
    before, _ = read_safetensors(model)
    assert name_looks.main(["--model", str(model), "--per-look", "2", "--maps", "2", "--workers", "1"]) == 0
    after, metadata = read_safetensors(model)
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)
    looks = json.loads(metadata["spade_studio"])["looks"]
    assert [look["name"] for look in looks] == ["night", "sunset", "day", "overcast"]
    assert all(len(look["latent"]) == 256 for look in looks)
    assert looks[0]["latent"] != looks[2]["latent"]  # night and day images encode apart
    netG, _, _, _ = load_model_file(model)  # still a model file the package reads

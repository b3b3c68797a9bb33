"""The Swift parity fixtures are self-consistent: decoding the files the way
the app will reproduces expected.npy and mu.npy."""

import json

import numpy as np
import pytest
import torch
from PIL import Image

import make_fixtures
from spade.labels import LabelEncoding, labels_to_input, raw_to_channels
from spade.model_file import load_model_file


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixtures")
    make_fixtures.main(["--out", str(out), "--only", "bn_det_ade", "in_vae_coco", "half_bn"])
    return out, {c["name"]: c for c in json.loads((out / "cases.json").read_text())["cases"]}


def decode_and_run(case_dir):
    """What the app does: model file + raw PNGs (+ z) → image."""
    netG, netE, config, opt = load_model_file(case_dir / "model.safetensors")
    labels = config["labels"]
    encoding = LabelEncoding(labels["label_nc"], labels["contain_dontcare_label"], labels["instance_edges"],
                             labels["value_offset"], tuple(labels["dontcare_values"]))
    raw = np.array(Image.open(case_dir / "labels.png"))
    channels = torch.from_numpy(raw_to_channels(raw, encoding))[None, None]
    instance = None
    if encoding.instance_edges:
        instance = torch.from_numpy(np.array(Image.open(case_dir / "instance.png")).astype(np.int64))[None, None]
    z = torch.from_numpy(np.load(case_dir / "z.npy"))[None] if (case_dir / "z.npy").exists() else None
    with torch.no_grad():
        return netG(labels_to_input(channels, instance, opt), z)[0].numpy(), netE, raw


def test_cases_json_lists_the_requested_cases(fixtures):
    out, cases = fixtures
    assert sorted(cases) == ["bn_det_ade", "half_bn", "in_vae_coco"]
    assert cases["half_bn"]["dtype"] == "F16" and cases["bn_det_ade"]["dtype"] == "F32"


@pytest.mark.parametrize("name", ["bn_det_ade", "in_vae_coco", "half_bn"])
def test_files_decode_to_the_expected_output(fixtures, name):
    out, cases = fixtures
    case_dir = out / name
    expected = np.load(case_dir / "expected.npy")
    assert expected.dtype == np.float32 and expected.shape == (3, cases[name]["height"], cases[name]["width"])
    output, _, raw = decode_and_run(case_dir)
    assert np.abs(output - expected).max() < 1e-5
    assert 0.3 <= expected.std() <= 0.5
    assert len(np.unique(raw)) >= 3
    assert (raw[:, 1:] == raw[:, :-1]).mean() > 0.85  # regions, not pixel noise


def test_dontcare_values_appear_in_labels(fixtures):
    out, _ = fixtures
    assert 0 in np.array(Image.open(out / "bn_det_ade" / "labels.png"))
    assert 255 in np.array(Image.open(out / "in_vae_coco" / "labels.png"))


def test_half_case_is_the_f32_case_with_rounded_weights(fixtures):
    out, _ = fixtures
    f32, f16 = np.load(out / "bn_det_ade" / "expected.npy"), np.load(out / "half_bn" / "expected.npy")
    assert 0 < np.abs(f32 - f16).max() < 2e-2


def test_encoder_case_mu_matches_style_image(fixtures):
    out, cases = fixtures
    case_dir = out / "in_vae_coco"
    _, netE, _ = decode_and_run(case_dir)
    style = np.array(Image.open(case_dir / "style.png"))
    assert style.ndim == 3 and style.shape[2] == 3 and style.shape[:2] != (256, 256)
    image = torch.from_numpy(style).float().permute(2, 0, 1)[None] / 127.5 - 1.0
    with torch.no_grad():
        mu = netE(image)[0][0].numpy()
    expected = np.load(case_dir / "mu.npy")
    assert expected.dtype == np.float32 and expected.shape == (256,)
    assert np.abs(mu - expected).max() < 1e-5
    assert np.load(case_dir / "z.npy").shape == (256,)
    assert cases["in_vae_coco"]["encoder_input_size"] == 256

"""The NVlabs checkpoint converter: what it infers and how it refuses."""

import json
import subprocess
import sys

import pytest
import torch

import convert_nvlabs
from conftest import TRAINING_DIR, tiny_options, trained_looking
from spade.model_file import load_model_file
from spade.models import ConvEncoder, SPADEGenerator
from spade.safetensors_io import read_safetensors

COCO = dict(dataset_mode="coco", label_nc=182, contain_dontcare_label=True, no_instance=False)
CITY = dict(dataset_mode="cityscapes", label_nc=35, contain_dontcare_label=False, no_instance=False)


def save(path, net, wrap=None, prefix=""):
    state = {prefix + k: v for k, v in net.state_dict().items()}
    torch.save({wrap: state, "epoch": 7} if wrap else state, path)
    return str(path)


def run(tmp_path, *args):
    """Run the converter in-process; returns (status, config of the written file or None)."""
    out = tmp_path / "model.safetensors"
    status = convert_nvlabs.main([*args, "--out", str(out)])
    config = json.loads(read_safetensors(out)[1]["spade_studio"]) if out.exists() else None
    return status, config


def test_ade20k_batch_norm_deterministic(tmp_path):
    opt = tiny_options(spade_hidden=6, ngf=3)
    g = save(tmp_path / "latest_net_G.pth", trained_looking(SPADEGenerator(opt)))
    status, config = run(tmp_path, "--generator", g, "--dataset-mode", "ade20k", "--crop-size", "32")
    assert status == 0
    assert config["generator"] == {"ngf": 3, "crop_size": 32, "aspect_ratio": 1.0, "num_upsampling_layers": "normal",
                                   "param_free_norm": "batch", "spade_hidden": 6, "spade_kernel": 3,
                                   "use_vae": False, "z_dim": 256}
    assert config["encoder"] is None
    assert config["labels"]["label_nc"] == 150 and config["labels"]["dontcare_values"] == [0]
    assert len(config["labels"]["class_names"]) == 150


def test_coco_instance_norm_vae_with_encoder_infers_more_from_fc_size(tmp_path):
    opt = tiny_options(**COCO, norm_G="spectralspadeinstance3x3", use_vae=True, crop_size=64,
                       num_upsampling_layers="more", encoder_input_size=256)
    g = save(tmp_path / "latest_net_G.pth", trained_looking(SPADEGenerator(opt)))
    e = save(tmp_path / "latest_net_E.pth", trained_looking(ConvEncoder(opt)))
    status, config = run(tmp_path, "--generator", g, "--encoder", e, "--dataset-mode", "coco", "--crop-size", "64")
    assert status == 0
    assert config["generator"]["param_free_norm"] == "instance"
    assert config["generator"]["use_vae"] is True
    assert config["generator"]["num_upsampling_layers"] == "more"
    assert config["encoder"] == {"ndf": 2, "input_size": 256, "z_dim": 256}
    assert config["labels"]["instance_edges"] is True and config["labels"]["dontcare_values"] == [255]


def test_cityscapes_defaults_and_five_layer_encoder(tmp_path):
    opt = tiny_options(**CITY, use_vae=True, crop_size=128, aspect_ratio=2.0, num_upsampling_layers="more",
                       encoder_input_size=128)
    g = save(tmp_path / "latest_net_G.pth", trained_looking(SPADEGenerator(opt)))
    e = save(tmp_path / "latest_net_E.pth", trained_looking(ConvEncoder(opt)))
    status, config = run(tmp_path, "--generator", g, "--encoder", e, "--dataset-mode", "cityscapes",
                         "--crop-size", "128")
    assert status == 0
    assert config["generator"]["aspect_ratio"] == 2.0
    assert config["generator"]["num_upsampling_layers"] == "more"
    assert config["encoder"]["input_size"] == 128
    assert config["labels"]["contain_dontcare_label"] is False


def test_up_4_means_most_and_wrapped_dataparallel_checkpoints_load(tmp_path):
    opt = tiny_options(num_upsampling_layers="most", crop_size=128, ngf=4, norm_G="spectralspadebatch5x5")
    net = trained_looking(SPADEGenerator(opt))
    g = save(tmp_path / "latest_net_G.pth", net, wrap="state_dict", prefix="module.")
    status, config = run(tmp_path, "--generator", g, "--dataset-mode", "ade20k", "--crop-size", "128", "--half")
    assert status == 0
    assert config["generator"]["num_upsampling_layers"] == "most"
    assert config["generator"]["spade_kernel"] == 5
    fileG, _, _, file_opt = load_model_file(tmp_path / "model.safetensors")
    seg = torch.rand(1, file_opt.semantic_nc, 128, 128)
    with torch.no_grad():
        assert (fileG(seg) - net(seg)).abs().max() < 2e-2  # F16 weights


def test_converted_f32_file_matches_the_checkpoint_exactly(tmp_path):
    opt = tiny_options(**COCO, use_vae=True, crop_size=32)
    net = trained_looking(SPADEGenerator(opt))
    g = save(tmp_path / "g.pth", net)
    assert run(tmp_path, "--generator", g, "--dataset-mode", "coco", "--crop-size", "32")[0] == 0
    fileG, _, _, _ = load_model_file(tmp_path / "model.safetensors")
    seg, z = torch.rand(1, 184, 32, 32), torch.randn(1, 256)
    with torch.no_grad():
        assert torch.equal(fileG(seg, z), net(seg, z))


def ade_checkpoint(tmp_path, **overrides):
    return save(tmp_path / "latest_net_G.pth", SPADEGenerator(tiny_options(**overrides)))


@pytest.mark.parametrize("make,flags,message", [
    (lambda p: ade_checkpoint(p), ["--dataset-mode", "coco"],
     "latest_net_G.pth has 151 label channels, which matches --dataset-mode ade20k, not coco (184)."),
    (lambda p: ade_checkpoint(p, dataset_mode="coco", label_nc=182, contain_dontcare_label=True),
     ["--dataset-mode", "coco"], "latest_net_G.pth has 183 label channels, but --dataset-mode coco expects 184"),
    (lambda p: ade_checkpoint(p, num_upsampling_layers="most", crop_size=128, ngf=4),
     ["--dataset-mode", "ade20k", "--num-upsampling-layers", "normal"],
     "latest_net_G.pth has an up_4 block, which only --num-upsampling-layers most builds, not normal."),
    (lambda p: ade_checkpoint(p), ["--dataset-mode", "ade20k", "--num-upsampling-layers", "most"],
     "latest_net_G.pth has no up_4 block, so --num-upsampling-layers most is wrong"),
    (lambda p: ade_checkpoint(p, use_vae=True, crop_size=64),
     ["--dataset-mode", "ade20k", "--crop-size", "128", "--num-upsampling-layers", "normal"],
     "latest_net_G.pth starts from 4 latent cells, but --crop-size 128 --aspect-ratio 1 with normal upsampling "
     "gives 4×4; --crop-size 64 would match."),
    (lambda p: ade_checkpoint(p), ["--dataset-mode", "ade20k", "--crop-size", "16"],
     "--crop-size 16 is too small for normal upsampling, which needs at least 32."),
    (lambda p: ade_checkpoint(p), ["--dataset-mode", "ade20k", "--crop-size", "32", "--aspect-ratio", "4"],
     "--aspect-ratio 4 leaves no latent rows at --crop-size 32 with normal upsampling."),
    (lambda p: str(p / "latest_net_G.pth") if (p / "latest_net_G.pth").write_bytes(b"junk") else None,
     ["--dataset-mode", "ade20k"], "latest_net_G.pth could not be read as a PyTorch checkpoint"),
    (lambda p: save(p / "latest_net_G.pth", ConvEncoder(tiny_options())), ["--dataset-mode", "ade20k"],
     "latest_net_G.pth is not a SPADE generator checkpoint"),
])
def test_mismatches_give_one_sentence_status_2_and_no_file(tmp_path, capsys, make, flags, message):
    g = make(tmp_path)
    status, config = run(tmp_path, "--generator", g, *flags)
    err = capsys.readouterr().err
    assert status == 2 and config is None
    assert err.startswith(message) and err.count("\n") == 1, err


@pytest.mark.parametrize("g_opts,e_opts,message", [
    (dict(), dict(), "latest_net_E.pth is an encoder, but latest_net_G.pth is not a VAE generator"),
    (dict(use_vae=True), dict(ngf=4), "latest_net_E.pth is 4 channels wide but latest_net_G.pth has ngf 2"),
    (dict(use_vae=True), dict(z_dim=64), "latest_net_E.pth produces a 64-dimensional z"),
])
def test_encoder_mismatches(tmp_path, capsys, g_opts, e_opts, message):
    g = save(tmp_path / "latest_net_G.pth", SPADEGenerator(tiny_options(**g_opts)))
    e = save(tmp_path / "latest_net_E.pth", ConvEncoder(tiny_options(**e_opts)))
    status, config = run(tmp_path, "--generator", g, "--encoder", e, "--dataset-mode", "ade20k")
    err = capsys.readouterr().err
    assert status == 2 and config is None
    assert err.startswith(message) and err.count("\n") == 1, err


def test_command_line_exit_status(tmp_path):
    g = ade_checkpoint(tmp_path)
    out = tmp_path / "model.safetensors"
    result = subprocess.run([sys.executable, str(TRAINING_DIR / "convert_nvlabs.py"), "--generator", g,
                             "--dataset-mode", "cityscapes", "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == ("latest_net_G.pth has 151 label channels, which matches --dataset-mode "
                                     "ade20k, not cityscapes (36).")
    assert not out.exists()

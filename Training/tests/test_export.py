"""Spectral-norm folding and the exported model file."""

import json

import pytest
import torch

from conftest import tiny_options, trained_looking
from spade.export import export_model
from spade.labels import labels_to_input
from spade.model_file import load_model_file
from spade.models import ConvEncoder, SPADEGenerator
from spade.options import output_size
from spade.safetensors_io import read_safetensors
from spade.spectral import fold_spectral_norm


def test_folding_equals_the_eval_mode_weight():
    conv = torch.nn.utils.spectral_norm(torch.nn.Conv2d(6, 5, 3))
    trained_looking(conv)
    with torch.no_grad():
        conv(torch.zeros(1, 6, 3, 3))  # the eval-mode hook sets conv.weight from weight_orig, u, v
    folded = fold_spectral_norm(conv.state_dict())
    assert sorted(folded) == ["bias", "weight"]
    assert torch.equal(folded["weight"], conv.weight)


def test_folding_uses_stored_u_v_without_power_iteration():
    """With unsettled u, v, σ = uᵀWv differs from the true spectral norm; eval
    mode uses it anyway, and so must the export."""
    linear = torch.nn.utils.spectral_norm(torch.nn.Linear(8, 4)).eval()
    state = linear.state_dict()
    sigma = state["weight_u"] @ state["weight_orig"] @ state["weight_v"]
    assert not torch.isclose(sigma, torch.linalg.matrix_norm(state["weight_orig"], ord=2))
    assert torch.allclose(fold_spectral_norm(state)["weight"], state["weight_orig"] / sigma)


@pytest.mark.parametrize("overrides", [
    dict(norm_G="spectralspadesyncbatch3x3"),
    dict(norm_G="spectralspadeinstance3x3", use_vae=True, crop_size=64, no_instance=False),
    dict(norm_G="spectralspadebatch3x3", num_upsampling_layers="most", crop_size=128, ngf=4),
])
def test_exported_file_reproduces_the_eval_mode_networks(tmp_path, overrides):
    opt = tiny_options(**overrides)
    netG = trained_looking(SPADEGenerator(opt))
    netE = trained_looking(ConvEncoder(opt)) if opt.use_vae else None
    path = tmp_path / "m.safetensors"
    export_model(path, netG, netE, opt, [f"c{i}" for i in range(opt.label_nc)], "ade20k.json", "test")

    fileG, fileE, config, _ = load_model_file(path)
    height, width = output_size(opt)
    label = torch.randint(0, opt.label_nc + 1, (1, 1, height, width))
    instance = torch.randint(0, 3, (1, 1, height, width))
    seg = labels_to_input(label, instance, opt)
    z = torch.randn(1, opt.z_dim)
    with torch.no_grad():
        assert torch.allclose(fileG(seg, z), netG(seg, z), atol=1e-6)
        if netE is not None:
            image = torch.rand(1, 3, 40, 40) * 2 - 1
            assert torch.allclose(fileE(image)[0], netE(image)[0], atol=1e-6)
    assert (config["encoder"] is not None) == opt.use_vae


def test_file_contents_follow_the_model_format(tmp_path):
    opt = tiny_options(dataset_mode="coco", label_nc=182, no_instance=False, use_vae=True,
                       norm_G="spectralspadebatch5x5", crop_size=64, encoder_input_size=128)
    netG, netE = SPADEGenerator(opt), ConvEncoder(opt)
    path = tmp_path / "m.safetensors"
    names = [f"c{i}" for i in range(182)]
    export_model(path, netG, netE, opt, names, "coco_stuff.json", "coco-test", half=True)
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata["spade_studio"])

    assert config == {
        "format": 1, "name": "coco-test",
        "generator": {"ngf": 2, "crop_size": 64, "aspect_ratio": 1.0, "num_upsampling_layers": "normal",
                      "param_free_norm": "batch", "spade_hidden": 4, "spade_kernel": 5, "use_vae": True,
                      "z_dim": 256},
        "encoder": {"ndf": 2, "input_size": 128, "z_dim": 256},
        "labels": {"label_nc": 182, "contain_dontcare_label": True, "instance_edges": True, "value_offset": 0,
                   "dontcare_values": [255], "class_names": names, "palette": "coco_stuff.json"},
    }
    assert all(t.dtype == torch.float16 for t in tensors.values())
    assert all(k.startswith(("netG.", "netE.")) for k in tensors)
    assert not any(k.endswith(("_orig", "_u", "_v", "num_batches_tracked")) for k in tensors)
    assert tensors["netG.fc.weight"].shape == (16 * 2 * 2 * 2, 256)
    assert tensors["netG.up_0.norm_0.mlp_shared.0.weight"].shape == (4, 184, 5, 5)
    assert "netG.up_0.conv_s.weight" in tensors and "netG.up_0.conv_s.bias" not in tensors
    assert "netG.head_0.norm_0.param_free_norm.running_var" in tensors
    assert [k for k in tensors if k.startswith("netE.layer")][-1].startswith("netE.layer5.")


def test_class_name_count_must_match(tmp_path):
    opt = tiny_options()
    with pytest.raises(ValueError):
        export_model(tmp_path / "m", SPADEGenerator(opt), None, opt, ["a"], "ade20k.json", "x")

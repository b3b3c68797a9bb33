"""Module names, shapes and forward-pass structure of the SPADE networks."""

import json
from pathlib import Path

import pytest
import torch

from conftest import tiny_options, trained_looking
from spade.models import ConvEncoder, SPADEGenerator, labels_to_input
from spade.options import SpadeOptions, output_size

OFFICIAL = json.loads((Path(__file__).parent / "data" / "official_param_shapes.json").read_text())


def shapes(net):
    return {k: list(v.shape) for k, v in net.state_dict().items()}


@pytest.mark.parametrize("config", sorted(OFFICIAL))
def test_parameter_names_and_shapes_match_official_code(config):
    """official_param_shapes.json was dumped from NVlabs/SPADE's own
    SPADEGenerator/ConvEncoder (hidden width 128, encoder resizing to 256)."""
    entry = OFFICIAL[config]
    opt = SpadeOptions(**entry["options"], spade_hidden=128, encoder_input_size=256)
    assert shapes(SPADEGenerator(opt)) == entry["netG"]
    if "netE" in entry:
        assert shapes(ConvEncoder(opt)) == entry["netE"]


def test_own_state_dict_loads_strictly_and_reproduces_output():
    opt = tiny_options(use_vae=True, num_upsampling_layers="most", crop_size=128, ngf=4)
    source = trained_looking(SPADEGenerator(opt))
    copy = SPADEGenerator(opt)
    copy.load_state_dict(source.state_dict(), strict=True)
    copy.eval()
    seg = torch.rand(1, opt.semantic_nc, *output_size(opt))
    z = torch.randn(1, opt.z_dim)
    with torch.no_grad():
        assert torch.equal(source(seg, z), copy(seg, z))


def test_batch_norm_variant_stores_running_statistics_and_instance_variant_does_not():
    bn = SPADEGenerator(tiny_options(norm_G="spectralspadebatch3x3")).state_dict()
    inorm = SPADEGenerator(tiny_options(norm_G="spectralspadeinstance3x3")).state_dict()
    assert "head_0.norm_0.param_free_norm.running_mean" in bn
    assert "head_0.norm_0.param_free_norm.num_batches_tracked" in bn
    assert not any("param_free_norm" in k for k in inorm)


def test_plain_norm_G_has_plain_weights():
    state = SPADEGenerator(tiny_options(norm_G="spadeinstance3x3")).state_dict()
    assert "head_0.conv_0.weight" in state and "head_0.conv_0.weight_orig" not in state


@pytest.mark.parametrize("mode,crop,aspect,expected", [
    ("normal", 32, 1.0, (32, 32)), ("normal", 48, 1.0, (32, 32)), ("more", 64, 1.0, (64, 64)),
    ("most", 128, 1.0, (128, 128)), ("more", 128, 2.0, (64, 128)), ("normal", 96, 1.5, (64, 96))])
def test_output_size(mode, crop, aspect, expected):
    """Height is round(sw / aspect)·2^k and width sw·2^k, sw = crop // 2^k."""
    opt = tiny_options(crop_size=crop, num_upsampling_layers=mode, aspect_ratio=aspect,
                       norm_G="spectralspadebatch3x3")
    assert output_size(opt) == expected
    net = SPADEGenerator(opt).eval()
    with torch.no_grad():
        out = net(torch.rand(1, opt.semantic_nc, *expected))
    assert out.shape == (1, 3, *expected)


@pytest.mark.parametrize("size,layers", [(128, 5), (256, 6), (32, 3)])
def test_encoder_ends_on_a_4x4_map(size, layers):
    opt = tiny_options(encoder_input_size=size)
    enc = ConvEncoder(opt).eval()
    assert [n for n, _ in enc.named_children() if n.startswith("layer")] == [f"layer{i + 1}" for i in range(layers)]
    assert "layer1.0.bias" not in enc.state_dict()
    with torch.no_grad():
        mu, logvar = enc(torch.rand(2, 3, 50, 70))
    assert mu.shape == logvar.shape == (2, opt.z_dim)


def test_labels_to_input_one_hot_and_instance_edges():
    opt = tiny_options(label_nc=3, contain_dontcare_label=True, no_instance=False)
    label = torch.tensor([[[0, 0, 3], [1, 2, 2]]])  # 3 is the dontcare channel
    instance = torch.tensor([[[5, 5, 5], [5, 5, 7]]])
    x = labels_to_input(label, instance, opt)
    assert x.shape == (1, 5, 2, 3)
    assert torch.equal(x[0, :4].argmax(0), label[0])
    assert torch.equal(x[0, :4].sum(0), torch.ones(2, 3))
    # The 7 differs from its left and upper neighbours; both sides of each pair are edges.
    assert x[0, 4].tolist() == [[0, 0, 1], [0, 1, 1]]


def test_labels_to_input_requires_instance_map_when_edges_are_used():
    opt = tiny_options(no_instance=False)
    with pytest.raises(ValueError):
        labels_to_input(torch.zeros(1, 1, 4, 4, dtype=torch.long), None, opt)

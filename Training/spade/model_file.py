"""Loading a SpadeStudio model file back into PyTorch modules.

The file holds folded weights, so the modules are built without spectral
norm; they compute what the exported (eval-mode) networks computed. Used to
check exports and to produce reference outputs from the exact stored weights.
"""

import json
import sys

import torch

from .encoder import ConvEncoder
from .export import METADATA_KEY
from .generator import SPADEGenerator
from .options import SpadeOptions
from .safetensors_io import read_safetensors


def options_from_config(config: dict) -> SpadeOptions:
    """Options that rebuild the file's networks (plain convs, no spectral norm)."""
    g, labels = config["generator"], config["labels"]
    kernel = g["spade_kernel"]
    encoder = config["encoder"]
    return SpadeOptions(
        label_nc=labels["label_nc"],
        contain_dontcare_label=labels["contain_dontcare_label"],
        no_instance=not labels["instance_edges"],
        ngf=g["ngf"],
        crop_size=g["crop_size"],
        aspect_ratio=g["aspect_ratio"],
        num_upsampling_layers=g["num_upsampling_layers"],
        norm_G=f"spade{g['param_free_norm']}{kernel}x{kernel}",
        norm_E="instance",
        use_vae=g["use_vae"],
        z_dim=g["z_dim"],
        spade_hidden=g["spade_hidden"],
        encoder_input_size=encoder["input_size"] if encoder else 256,
        noise=g.get("noise", False),
    )


def _load_prefixed(module: torch.nn.Module, tensors: dict, prefix: str) -> None:
    """Load the `prefix` tensors as float32; only the BN step counters, which
    exports drop, may be missing."""
    state = {k[len(prefix):]: v.float() for k, v in tensors.items() if k.startswith(prefix)}
    result = module.load_state_dict(state, strict=False)
    missing = [k for k in result.missing_keys if not k.endswith("num_batches_tracked")]
    if missing or result.unexpected_keys:
        raise ValueError(f"model file does not match its config: missing {missing[:3]}, "
                         f"unexpected {result.unexpected_keys[:3]}")


def load_model_file(path) -> tuple:
    """(netG, netE or None, config, opt) in eval mode, weights as float32."""
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata[METADATA_KEY])
    opt = options_from_config(config)
    netG = SPADEGenerator(opt)
    _load_prefixed(netG, tensors, "netG.")
    netE = None
    if config["encoder"] is not None:
        if opt.ngf != config["encoder"]["ndf"]:
            raise ValueError("encoders narrower or wider than ngf are not supported")
        netE = ConvEncoder(opt)
        _load_prefixed(netE, tensors, "netE.")
        netE.eval()
    return netG.eval(), netE, config, opt


def load_with_encoder(path, why: str):
    """`load_model_file` for a tool that needs the style encoder: None, after one line on stderr
    naming the file and `why` the encoder is needed, when the file cannot be read or has none."""
    try:
        loaded = load_model_file(path)
    except (OSError, ValueError, KeyError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return None
    if loaded[1] is None:
        print(f"{path}: the model has no style encoder, so {why}", file=sys.stderr)
        return None
    return loaded

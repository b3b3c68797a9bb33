"""Writing a trained (or converted) model as a SpadeStudio model file.

See docs/model-format.md: safetensors with spectral norm folded, names
prefixed `netG.` / `netE.`, and the JSON config under metadata key
`spade_studio`.
"""

import json

import torch

from .labels import label_encoding
from .options import parse_spade_norm
from .safetensors_io import write_safetensors
from .spectral import fold_spectral_norm

METADATA_KEY = "spade_studio"
FORMAT_VERSION = 1


def model_config(opt, netE, class_names, palette_name, name) -> dict:
    """The JSON config of docs/model-format.md for these options."""
    _, param_free_norm, kernel = parse_spade_norm(opt.norm_G)
    encoding = label_encoding(opt)
    if len(class_names) != encoding.label_nc:
        raise ValueError(f"{len(class_names)} class names given for {encoding.label_nc} classes")
    encoder = None
    if netE is not None:
        encoder = {"ndf": netE.layer1[0].out_channels,
                   "input_size": netE.input_size, "z_dim": opt.z_dim}
    return {
        "format": FORMAT_VERSION,
        "name": name,
        "generator": {
            "ngf": opt.ngf,
            "crop_size": opt.crop_size,
            "aspect_ratio": float(opt.aspect_ratio),
            "num_upsampling_layers": opt.num_upsampling_layers,
            "param_free_norm": param_free_norm,
            "spade_hidden": opt.spade_hidden,
            "spade_kernel": kernel,
            "use_vae": bool(opt.use_vae),
            "z_dim": opt.z_dim,
            **({"noise": True} if opt.noise else {}),
        },
        "encoder": encoder,
        "labels": {
            "label_nc": encoding.label_nc,
            "contain_dontcare_label": encoding.contain_dontcare_label,
            "instance_edges": encoding.instance_edges,
            "value_offset": encoding.value_offset,
            "dontcare_values": list(encoding.dontcare_values),
            "class_names": list(class_names),
            "palette": palette_name,
        },
    }


def inference_tensors(module: torch.nn.Module, prefix: str, dtype: torch.dtype) -> dict:
    """The tensors inference needs, spectral norm folded, training-only
    counters dropped, names prefixed."""
    folded = fold_spectral_norm({k: v.detach().float() for k, v in module.state_dict().items()})
    return {prefix + key: value.to(dtype) for key, value in folded.items()
            if not key.endswith("num_batches_tracked")}


def export_model(path, netG, netE_or_None, opt, class_names, palette_name, name, half=False) -> dict:
    """Write `netG` (and the encoder, if given) to `path`; returns the config.

    `half` stores F16 instead of F32. The networks' modes are not changed:
    folding reads the stored u and v, exactly as eval mode would.
    """
    config = model_config(opt, netE_or_None, class_names, palette_name, name)
    dtype = torch.float16 if half else torch.float32
    tensors = inference_tensors(netG, "netG.", dtype)
    if netE_or_None is not None:
        tensors.update(inference_tensors(netE_or_None, "netE.", dtype))
    write_safetensors(path, tensors, {METADATA_KEY: json.dumps(config)})
    return config

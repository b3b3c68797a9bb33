"""The option set every SPADE network in this package is built from.

Field names follow the official NVlabs `opt` namespace so that code written
against it (and a reader comparing with it) finds the same words. Three fields
are ours: `spade_hidden` (the official code hard-codes 128),
`encoder_input_size` (the official encoder always resizes to 256) and
`noise` (per-pixel noise injection, `spade.noise`; the official model has none).
"""

from dataclasses import dataclass
import re

#: Number of ×2 upsamplings between the latent grid and the output image.
UPSAMPLING_STEPS = {"normal": 5, "more": 6, "most": 7}


@dataclass
class SpadeOptions:
    """Architecture and label-encoding settings of one SPADE model.

    `dataset_mode` selects how raw label-file values become channels
    (see `spade.labels.label_encoding`); any name other than ade20k, coco and
    cityscapes behaves like the official generic loader.
    """

    label_nc: int = 182
    contain_dontcare_label: bool = False
    no_instance: bool = True
    dataset_mode: str = "custom"
    ngf: int = 64
    crop_size: int = 256
    aspect_ratio: float = 1.0
    num_upsampling_layers: str = "normal"
    norm_G: str = "spectralspadesyncbatch3x3"
    norm_E: str = "spectralinstance"
    use_vae: bool = False
    z_dim: int = 256
    spade_hidden: int = 128
    encoder_input_size: int = 256
    noise: bool = False

    @property
    def semantic_nc(self) -> int:
        """Generator input channels: one-hot classes, dontcare, instance edges."""
        return (self.label_nc + (1 if self.contain_dontcare_label else 0)
                + (0 if self.no_instance else 1))


def upsampling_steps(opt) -> int:
    """How many times the generator doubles the latent grid."""
    try:
        return UPSAMPLING_STEPS[opt.num_upsampling_layers]
    except KeyError:
        raise ValueError(f"num_upsampling_layers must be one of {sorted(UPSAMPLING_STEPS)}, "
                         f"not {opt.num_upsampling_layers!r}") from None


def latent_size(opt) -> tuple:
    """(sh, sw): the grid the generator starts from, as the official code computes it."""
    sw = opt.crop_size // (2 ** upsampling_steps(opt))
    sh = round(sw / opt.aspect_ratio)
    if sw < 1 or sh < 1:
        raise ValueError(f"crop_size {opt.crop_size} with aspect_ratio {opt.aspect_ratio} and "
                         f"'{opt.num_upsampling_layers}' upsampling leaves an empty latent grid")
    return sh, sw


def output_size(opt) -> tuple:
    """(height, width) of the generated image."""
    sh, sw = latent_size(opt)
    scale = 2 ** upsampling_steps(opt)
    return sh * scale, sw * scale


def parse_spade_norm(norm_G: str) -> tuple:
    """Split a norm_G string such as 'spectralspadesyncbatch3x3'.

    Returns (spectral, param_free_norm, kernel) where param_free_norm is
    'batch' or 'instance'; synchronized batch norm is plain batch norm at
    inference, so 'syncbatch' maps to 'batch'.
    """
    spectral = "spectral" in norm_G
    match = re.fullmatch(r"spade(\D+)(\d)x\d", norm_G.replace("spectral", ""))
    if match is None:
        raise ValueError(f"norm_G {norm_G!r} is not of the form [spectral]spade<norm><k>x<k>")
    kind = {"batch": "batch", "syncbatch": "batch", "instance": "instance"}.get(match.group(1))
    if kind is None:
        raise ValueError(f"norm_G {norm_G!r} names an unknown param-free norm {match.group(1)!r}")
    return spectral, kind, int(match.group(2))

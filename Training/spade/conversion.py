"""Turning official NVlabs checkpoints into SpadeStudio model files.

The architecture is read from the tensors; the dataset mode and the size
flags must agree with it, and every disagreement becomes a one-sentence
`ConversionError` that names the file and the flag at fault.
"""

from dataclasses import dataclass
from pathlib import Path

from .checkpoint import (ConversionError, EncoderArchitecture, GeneratorArchitecture,
                         inspect_encoder, inspect_generator, load_state_dict)
from .encoder import ConvEncoder
from .export import export_model
from .generator import SPADEGenerator
from .labels import DATASET_MODES
from .options import UPSAMPLING_STEPS, SpadeOptions, latent_size
from .palettes import DATASET_PALETTES, class_names

#: The official per-dataset defaults for the flags a user may leave out.
DATASET_DEFAULTS = {
    "ade20k": {"crop_size": 256, "aspect_ratio": 1.0, "num_upsampling_layers": "normal"},
    "coco": {"crop_size": 256, "aspect_ratio": 1.0, "num_upsampling_layers": "normal"},
    "cityscapes": {"crop_size": 512, "aspect_ratio": 2.0, "num_upsampling_layers": "more"},
}


@dataclass
class ConversionRequest:
    """What the user asked for; None means "the dataset mode's default"."""

    generator: str
    dataset_mode: str
    out: str
    encoder: str = None
    crop_size: int = None
    aspect_ratio: float = None
    num_upsampling_layers: str = None
    half: bool = False
    name: str = None


def check_label_channels(arch: GeneratorArchitecture, mode: str, g_name: str) -> None:
    expected = DATASET_MODES[mode].semantic_nc
    if arch.semantic_nc == expected:
        return
    matching = [m for m, enc in DATASET_MODES.items() if enc.semantic_nc == arch.semantic_nc]
    if matching:
        raise ConversionError(f"{g_name} has {arch.semantic_nc} label channels, which matches "
                              f"--dataset-mode {matching[0]}, not {mode} ({expected}).")
    raise ConversionError(f"{g_name} has {arch.semantic_nc} label channels, but --dataset-mode {mode} "
                          f"expects {expected} and no other dataset mode has {arch.semantic_nc}.")


def _cells(crop_size: int, aspect_ratio: float, upsampling: str) -> int:
    """Latent cells sh·sw these flags give; 0 when the grid would be empty."""
    try:
        sh, sw = latent_size(SpadeOptions(crop_size=crop_size, aspect_ratio=aspect_ratio,
                                          num_upsampling_layers=upsampling))
    except ValueError:
        return 0
    return sh * sw


def choose_upsampling(arch: GeneratorArchitecture, flag, mode: str, crop_size: int,
                      aspect_ratio: float, g_name: str) -> str:
    """The upsampling setting: 'most' exactly when up_4 exists; for VAE
    generators the fc size tells 'normal' from 'more'; otherwise the flag or
    the dataset default."""
    if arch.has_up_4:
        if flag not in (None, "most"):
            raise ConversionError(f"{g_name} has an up_4 block, which only --num-upsampling-layers most "
                                  f"builds, not {flag}.")
        return "most"
    if flag == "most":
        raise ConversionError(f"{g_name} has no up_4 block, so --num-upsampling-layers most is wrong "
                              "(use normal or more).")
    if flag is None and arch.use_vae:
        for candidate in ("normal", "more"):
            if _cells(crop_size, aspect_ratio, candidate) == arch.latent_cells:
                return candidate
    return flag or DATASET_DEFAULTS[mode]["num_upsampling_layers"]


def check_latent_grid(arch: GeneratorArchitecture, opt: SpadeOptions, g_name: str) -> None:
    steps = UPSAMPLING_STEPS[opt.num_upsampling_layers]
    try:
        sh, sw = latent_size(opt)
    except ValueError:
        if opt.crop_size < 2 ** steps:
            raise ConversionError(f"--crop-size {opt.crop_size} is too small for {opt.num_upsampling_layers} "
                                  f"upsampling, which needs at least {2 ** steps}.") from None
        raise ConversionError(f"--aspect-ratio {opt.aspect_ratio:g} leaves no latent rows at --crop-size "
                              f"{opt.crop_size} with {opt.num_upsampling_layers} upsampling.") from None
    if arch.use_vae and sh * sw != arch.latent_cells:
        fitting = [c * 2 ** steps for c in range(1, 65)
                   if _cells(c * 2 ** steps, opt.aspect_ratio, opt.num_upsampling_layers) == arch.latent_cells]
        hint = f"; --crop-size {fitting[0]} would match" if fitting else ""
        raise ConversionError(f"{g_name} starts from {arch.latent_cells} latent cells, but --crop-size "
                              f"{opt.crop_size} --aspect-ratio {opt.aspect_ratio:g} with "
                              f"{opt.num_upsampling_layers} upsampling gives {sh}×{sw}{hint}.")


def check_encoder(arch: GeneratorArchitecture, enc: EncoderArchitecture, g_name: str, e_name: str) -> None:
    if not arch.use_vae:
        raise ConversionError(f"{e_name} is an encoder, but {g_name} is not a VAE generator (its fc is a "
                              "convolution), so leave out --encoder.")
    if enc.z_dim != arch.z_dim:
        raise ConversionError(f"{e_name} produces a {enc.z_dim}-dimensional z, but {g_name} takes "
                              f"{arch.z_dim}, so --encoder names the wrong file.")
    if enc.ndf != arch.ngf:
        raise ConversionError(f"{e_name} is {enc.ndf} channels wide but {g_name} has ngf {arch.ngf}; an "
                              "official encoder is as wide as its generator, so --encoder names the wrong file.")


def build_options(request: ConversionRequest, arch: GeneratorArchitecture, enc) -> SpadeOptions:
    """Check the request against the checkpoints and return the options that rebuild them."""
    g_name = Path(request.generator).name
    mode = request.dataset_mode
    if mode not in DATASET_MODES:
        raise ConversionError(f"--dataset-mode {mode} is not one of {', '.join(DATASET_MODES)}.")
    check_label_channels(arch, mode, g_name)
    if enc is not None:
        check_encoder(arch, enc, g_name, Path(request.encoder).name)
    defaults = DATASET_DEFAULTS[mode]
    crop_size = request.crop_size or defaults["crop_size"]
    aspect_ratio = request.aspect_ratio or defaults["aspect_ratio"]
    upsampling = choose_upsampling(arch, request.num_upsampling_layers, mode, crop_size, aspect_ratio, g_name)
    encoding = DATASET_MODES[mode]
    opt = SpadeOptions(
        label_nc=encoding.label_nc,
        contain_dontcare_label=encoding.contain_dontcare_label,
        no_instance=not encoding.instance_edges,
        dataset_mode=mode,
        ngf=arch.ngf,
        crop_size=crop_size,
        aspect_ratio=aspect_ratio,
        num_upsampling_layers=upsampling,
        norm_G=arch.norm_G,
        use_vae=arch.use_vae,
        z_dim=arch.z_dim,
        spade_hidden=arch.spade_hidden,
        encoder_input_size=enc.input_size if enc is not None else 256,
    )
    check_latent_grid(arch, opt, g_name)
    return opt


def _load_into(module, state: dict, name: str) -> None:
    """Strict loading, with a failure phrased as one sentence."""
    try:
        result = module.load_state_dict(state, strict=False)
    except RuntimeError as error:
        detail = str(error).splitlines()[1].strip() if "\n" in str(error) else str(error)
        raise ConversionError(f"{name} does not fit the architecture read from it ({detail}).") from None
    odd = result.missing_keys + result.unexpected_keys
    if odd:
        raise ConversionError(f"{name} does not fit the architecture read from it: {len(result.missing_keys)} "
                              f"tensors missing and {len(result.unexpected_keys)} unexpected, e.g. {odd[0]}.")


def convert(request: ConversionRequest) -> dict:
    """Validate, rebuild, load and export; returns the written config.
    Raises ConversionError before anything is written."""
    g_name = Path(request.generator).name
    g_state = load_state_dict(request.generator)
    arch = inspect_generator(g_state, g_name)
    e_state = enc = None
    if request.encoder:
        e_state = load_state_dict(request.encoder)
        enc = inspect_encoder(e_state, Path(request.encoder).name)
    opt = build_options(request, arch, enc)

    netG = SPADEGenerator(opt)
    _load_into(netG, g_state, g_name)
    netE = None
    if enc is not None:
        netE = ConvEncoder(opt)
        _load_into(netE, e_state, Path(request.encoder).name)

    palette = DATASET_PALETTES[request.dataset_mode]
    names = class_names(palette, DATASET_MODES[request.dataset_mode])
    return export_model(request.out, netG.eval(), netE.eval() if netE else None, opt, names, palette,
                        request.name or request.dataset_mode, half=request.half)

#!/usr/bin/python3
"""Build small random SPADE models and their PyTorch outputs, for the Swift
engine's parity tests.

    /usr/bin/python3 Training/make_fixtures.py --out Tests/Fixtures/generated

Each case directory holds model.safetensors, labels.png (8-bit raw label
values), instance.png (where edges are used), z.npy (VAE), expected.npy
(float32 (3, H, W) generator output), and for encoder cases style.png (RGB)
and mu.npy. DIR/cases.json lists the cases and their settings.

Models use PyTorch's default init, settled spectral norm, random batch-norm
statistics, and a conv_img rescaled so the output is neither saturated nor
grey. Official-dataset cases are written through the NVlabs converter, so a
fixture also exercises conversion. expected.npy and mu.npy are computed from
the weights exactly as stored in the file (F16 rounded for half cases), in
float32, eval mode.
"""

import argparse
import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from spade.conversion import ConversionRequest, convert
from spade.export import export_model
from spade.labels import DATASET_MODES, LabelEncoding, label_encoding, labels_to_input, raw_to_channels
from spade.model_file import load_model_file
from spade.models import ConvEncoder, SPADEGenerator
from spade.noise import NoiseInjection
from spade.options import SpadeOptions, output_size
from spade.palettes import PALETTE_DIR, class_names
from spade.spectral import settle_spectral_norm
import singan

#: Target output std for the rescaled conv_img, and the range a case must land in.
OUTPUT_STD_TARGET = 0.4
OUTPUT_STD_RANGE = (0.3, 0.5)
#: The own-palette case's palette, and its class count if that file is absent.
LANDSCAPE_PALETTE = "landscape.json"
LANDSCAPE_FALLBACK_NC = 12


@dataclass(frozen=True)
class Case:
    name: str
    dataset_mode: str  # an official mode (converted via convert_nvlabs) or "landscape" (exported directly)
    norm_G: str
    use_vae: bool
    crop_size: int
    ngf: int = 8
    spade_hidden: int = 32
    aspect_ratio: float = 1.0
    num_upsampling_layers: str = "normal"
    encoder_input_size: int = 0  # 0: no encoder
    style_size: tuple = (0, 0)  # (width, height) of style.png
    half: bool = False
    noise: bool = False
    seed: int = 0


CASES = [
    Case("bn_det_ade", "ade20k", "spectralspadesyncbatch3x3", False, 64, seed=1),
    Case("in_vae_coco", "coco", "spectralspadeinstance3x3", True, 64,
         encoder_input_size=256, style_size=(96, 72), seed=2),
    Case("bn_vae_landscape", "landscape", "spectralspadebatch3x3", True, 128,
         encoder_input_size=128, style_size=(200, 150), seed=3),
    Case("city_aspect2_more", "cityscapes", "spectralspadesyncbatch3x3", False, 128,
         aspect_ratio=2.0, num_upsampling_layers="more", seed=4),
    Case("most_hidden128", "cityscapes", "spectralspadebatch3x3", False, 128, ngf=4, spade_hidden=128,
         num_upsampling_layers="most", seed=5),
    Case("half_bn", "ade20k", "spectralspadesyncbatch3x3", False, 64, half=True, seed=1),
    # 512-channel blocks at 16×16: the (out, in) ≥ 2¹⁸ layers that exact weights keep as plain
    # 3×3 kernels (im2col + GEMM) with the default flags, as in the official models.
    Case("large_pairs_ade", "ade20k", "spectralspadesyncbatch3x3", False, 256, ngf=32, spade_hidden=16, seed=7),
    Case("noise_most_landscape", "landscape", "spectralspadebatch3x3", True, 128, ngf=4,
         num_upsampling_layers="most", encoder_input_size=128, style_size=(128, 128), noise=True, seed=6),
]


def landscape_class_names() -> list:
    """Names for the own-palette case: one per id of Palettes/landscape.json
    (label_nc = palette size, as for the app's own models)."""
    path = PALETTE_DIR / LANDSCAPE_PALETTE
    count = 1 + max(c["id"] for c in json.loads(path.read_text())["classes"]) if path.exists() \
        else LANDSCAPE_FALLBACK_NC
    return class_names(LANDSCAPE_PALETTE, LabelEncoding(count, False, False, 0, ()))


def case_options(case: Case) -> SpadeOptions:
    if case.dataset_mode in DATASET_MODES:
        enc = DATASET_MODES[case.dataset_mode]
        label_nc, dontcare, edges = enc.label_nc, enc.contain_dontcare_label, enc.instance_edges
    else:
        label_nc, dontcare, edges = len(landscape_class_names()), False, False
    return SpadeOptions(
        label_nc=label_nc, contain_dontcare_label=dontcare, no_instance=not edges,
        dataset_mode=case.dataset_mode, ngf=case.ngf, crop_size=case.crop_size,
        aspect_ratio=case.aspect_ratio, num_upsampling_layers=case.num_upsampling_layers,
        norm_G=case.norm_G, use_vae=case.use_vae, spade_hidden=case.spade_hidden,
        encoder_input_size=case.encoder_input_size or 256, noise=case.noise)


def random_networks(opt: SpadeOptions, with_encoder: bool) -> tuple:
    """Default-initialised networks made to look trained: power-iterated
    spectral norm, batch-norm statistics mean ~ N(0, 0.5), var ~ U(0.5, 2), and
    noise strengths ~ N(0, 0.5) (zero at initialisation, which would test nothing)."""
    netG = SPADEGenerator(opt)
    netE = ConvEncoder(opt) if with_encoder else None
    for net in (netG, netE):
        if net is None:
            continue
        settle_spectral_norm(net)
        for module in net.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0.0, 0.5)
                module.running_var.uniform_(0.5, 2.0)
            if isinstance(module, NoiseInjection):
                module.strength.normal_(0.0, 0.5)
        net.eval()
    return netG, netE


def blob_labels(height: int, width: int, opt: SpadeOptions, rng: np.random.Generator) -> tuple:
    """(raw labels, instance ids), both uint8 (H, W): Voronoi regions with
    wavy borders. Labels come from a small pool so neighbours often share a
    class (instance edges then differ from label edges); region 0 holds a
    dontcare value where the encoding has one."""
    encoding = label_encoding(opt)
    count = max(8, height * width // 600)
    ys, xs = rng.uniform(0, height, count), rng.uniform(0, width, count)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    yy += 3.0 * np.sin(xx / 5.0 + rng.uniform(0, 6))
    xx += 3.0 * np.sin(yy / 7.0 + rng.uniform(0, 6))
    distance = (yy[..., None] - ys) ** 2 + (xx[..., None] - xs) ** 2
    region = distance.argmin(axis=-1)

    valid = np.arange(encoding.label_nc) - encoding.value_offset
    pool = rng.choice(valid, size=min(6, len(valid)), replace=False)
    values = rng.choice(pool, size=count)
    if encoding.contain_dontcare_label:
        values[0] = encoding.dontcare_values[0]
    return values[region].astype(np.uint8), (region + 1).astype(np.uint8)


def style_image(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A smooth RGB uint8 (H, W, 3) image: sums of random plane waves."""
    yy, xx = np.mgrid[0:height, 0:width] / max(width, height)
    channels = []
    for _ in range(3):
        wave = sum(np.sin(2 * np.pi * (rng.uniform(-3, 3) * xx + rng.uniform(-3, 3) * yy) + rng.uniform(0, 6))
                   for _ in range(3))
        channels.append((wave / 6.0 + 0.5) * 255.0)
    return np.clip(np.stack(channels, axis=-1), 0, 255).astype(np.uint8)


def style_tensor(style: np.ndarray) -> torch.Tensor:
    """style.png pixels as the encoder takes them: v / 127.5 - 1, (1, 3, H, W)."""
    return (torch.from_numpy(style).float().permute(2, 0, 1).unsqueeze(0) / 127.5 - 1.0)


@torch.no_grad()
def calibrate_output(netG: SPADEGenerator, seg: torch.Tensor, z) -> None:
    """Centre each output channel (via conv_img's bias) and scale conv_img so
    std(tanh(output)) ≈ OUTPUT_STD_TARGET: random networks otherwise give
    an offset-dominated, nearly flat or saturated image."""
    captured = {}
    handle = netG.conv_img.register_forward_hook(lambda m, i, out: captured.update(pre=out))
    netG(seg, z)
    handle.remove()
    centre = captured["pre"].mean(dim=(0, 2, 3))
    netG.conv_img.bias.sub_(centre)
    pre = captured["pre"] - centre[None, :, None, None]
    low, high = -8.0, 8.0  # log2 of the scale
    for _ in range(40):
        mid = (low + high) / 2
        if torch.tanh(pre * 2 ** mid).std().item() < OUTPUT_STD_TARGET:
            low = mid
        else:
            high = mid
    netG.conv_img.weight.mul_(2 ** low)
    netG.conv_img.bias.mul_(2 ** low)


def write_model(case: Case, opt: SpadeOptions, netG, netE, path: Path, scratch: Path) -> None:
    """Official-dataset cases go through the converter from .pth files;
    the landscape case is exported directly."""
    if case.dataset_mode in DATASET_MODES:
        g_path = scratch / f"{case.name}_net_G.pth"
        torch.save(netG.state_dict(), g_path)
        e_path = None
        if netE is not None:
            e_path = scratch / f"{case.name}_net_E.pth"
            torch.save(netE.state_dict(), e_path)
        convert(ConversionRequest(
            generator=str(g_path), encoder=str(e_path) if e_path else None, dataset_mode=case.dataset_mode,
            out=str(path), crop_size=opt.crop_size, aspect_ratio=opt.aspect_ratio,
            num_upsampling_layers=opt.num_upsampling_layers, half=case.half, name=case.name))
    else:
        export_model(path, netG, netE, opt, landscape_class_names(), LANDSCAPE_PALETTE, case.name, half=case.half)


@torch.no_grad()
def build_case(case: Case, out_dir: Path, scratch: Path) -> dict:
    torch.manual_seed(case.seed)
    rng = np.random.default_rng(case.seed)
    opt = case_options(case)
    height, width = output_size(opt)
    with_encoder = case.encoder_input_size > 0
    netG, netE = random_networks(opt, with_encoder)

    raw, instance = blob_labels(height, width, opt, rng)
    channels = torch.from_numpy(raw_to_channels(raw, label_encoding(opt)))[None, None]
    seg = labels_to_input(channels, None if opt.no_instance else torch.from_numpy(instance)[None, None], opt)
    z = torch.from_numpy(rng.standard_normal(opt.z_dim).astype(np.float32))[None] if opt.use_vae else None
    calibrate_output(netG, seg, z)
    reference = netG(seg, z)[0]

    case_dir = out_dir / case.name
    case_dir.mkdir(parents=True, exist_ok=True)
    write_model(case, opt, netG, netE, case_dir / "model.safetensors", scratch)
    fileG, fileE, config, _ = load_model_file(case_dir / "model.safetensors")
    expected = fileG(seg, z)[0]

    difference = (expected - reference).abs().max().item()
    assert difference < (5e-2 if case.half else 1e-5), f"{case.name}: file model differs by {difference}"
    std = expected.std().item()
    saturated = (expected.abs() > 0.995).float().mean().item()
    assert OUTPUT_STD_RANGE[0] <= std <= OUTPUT_STD_RANGE[1], f"{case.name}: output std {std:.3f}"
    assert saturated < 0.05, f"{case.name}: {saturated:.1%} of outputs saturated"

    Image.fromarray(raw, mode="L").save(case_dir / "labels.png")
    files = {"model": "model.safetensors", "labels": "labels.png", "expected": "expected.npy"}
    if not opt.no_instance:
        Image.fromarray(instance, mode="L").save(case_dir / "instance.png")
        files["instance"] = "instance.png"
    if z is not None:
        np.save(case_dir / "z.npy", z[0].numpy().astype(np.float32))
        files["z"] = "z.npy"
    np.save(case_dir / "expected.npy", expected.numpy().astype(np.float32))

    entry = {"name": case.name, "dir": case.name, "settings": asdict(case),
             "height": height, "width": width, "semantic_nc": opt.semantic_nc,
             "dtype": "F16" if case.half else "F32", "output_std": round(std, 4),
             "max_abs_diff_vs_checkpoint": difference}
    if with_encoder:
        style = style_image(*case.style_size, rng)
        Image.fromarray(style, mode="RGB").save(case_dir / "style.png")
        mu, _ = fileE(style_tensor(style))
        reference_mu, _ = netE(style_tensor(style))
        mu_difference = (mu - reference_mu).abs().max().item()
        assert mu_difference < (5e-2 if case.half else 1e-4), f"{case.name}: mu differs by {mu_difference}"
        assert mu.std().item() > 1e-3, f"{case.name}: degenerate mu"
        np.save(case_dir / "mu.npy", mu[0].numpy().astype(np.float32))
        files.update(style="style.png", mu="mu.npy")
        entry["encoder_input_size"] = config["encoder"]["input_size"]
    entry["files"] = files
    return entry


@torch.no_grad()
def build_singan_case(out_dir: Path) -> dict:
    """A random three-scale SinGAN pyramid on a non-square image (random batch-norm statistics,
    folded at export), with PyTorch's renders of it: a seeded sample, the reconstruction, and
    paint-to-image of a painting in the palette's colours injected at scale 1."""
    torch.manual_seed(11)
    rng = np.random.default_rng(11)
    sizes = singan.pyramid_sizes(40, 52, 40, 16)
    stages = []
    for n in range(len(sizes)):
        stage = singan.Stage(singan.channels(n), 3, True)
        for module in stage.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0, 0.1)
                module.running_var.uniform_(0.5, 2)
                module.weight.data.uniform_(0.5, 1.5)
                module.bias.data.normal_(0, 0.1)
        stage.tail.weight.data *= 6  # an output neither grey nor saturated
        stages.append(stage.eval())
    amplitudes = [1.0] + [0.1 + 0.05 * n for n in range(1, len(sizes))]
    rec_noise = torch.randn(1, 3, *sizes[0])
    photo = rng.integers(0, 256, (*sizes[0], 3)).astype(np.uint8)
    case = out_dir / "singan"
    case.mkdir(parents=True, exist_ok=True)
    config = singan.export(case / "model.safetensors", stages, sizes, amplitudes, rec_noise, Path("random.png"),
                           singan.palette(photo, count=5))
    generators, sizes, amplitudes, rec_noise, _ = singan.load_model(case / "model.safetensors")
    colours = np.array([c["rgb"] for c in config["palette"]], np.uint8)
    painting = colours[(np.arange(23)[:, None] // 8 + np.arange(30)[None] // 10) % len(colours)]
    Image.fromarray(painting).save(case / "painting.png")
    zeros = [rec_noise] + [torch.zeros(1, 3, *s) for s in sizes[1:]]
    renders = {
        "sample_seed5": singan.generate(generators, sizes, amplitudes, singan.seeded_noises(5, sizes)),
        "reconstruction": singan.generate(generators, sizes, amplitudes, zeros),
        "paint_scale1_seed9": singan.generate(generators, sizes, amplitudes, singan.seeded_noises(9, sizes, 1),
                                              1, singan.painting_tensor(painting)),
    }
    for name, image in renders.items():
        np.save(case / f"{name}.npy", image[0].numpy().astype(np.float32))
    return {"dir": "singan", "sizes": sizes, "renders": sorted(renders), "output_std": float(renders["sample_seed5"].std())}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Write SPADE parity fixtures for the Swift engine.")
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--only", nargs="*", help="case names to build (default: all)")
    args = parser.parse_args(argv)

    selected = [c for c in CASES if not args.only or c.name in args.only]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        entries = [build_case(case, args.out, Path(scratch)) for case in selected]
    for entry in entries:
        print(f"{entry['name']}: {entry['height']}×{entry['width']}, std {entry['output_std']}, "
              f"file vs checkpoint {entry['max_abs_diff_vs_checkpoint']:.1e}")
    summary = {
        "format": 1,
        "generated_by": "Training/make_fixtures.py",
        "torch": torch.__version__,
        "conventions": {
            "labels": "labels.png holds raw label values; map them with the model's labels section",
            "instance": "instance.png holds instance ids; edge where a 4-neighbour differs, both sides",
            "style": "encoder input = pixel / 127.5 - 1, bilinear-resized (align_corners=False, "
                     "no antialiasing) to input_size² when not already that size",
            "expected": "float32 (3, H, W) in [-1, 1], from the weights as stored in model.safetensors, "
                        "float32 arithmetic, eval mode; VAE cases use z.npy as z",
            "mu": "float32 (z_dim,) encoder mean for style.png",
        },
        "cases": entries,
    }
    if selected:
        (args.out / "cases.json").write_text(json.dumps(summary, indent=2) + "\n")
    if not args.only or "singan" in args.only:
        singan_case = build_singan_case(args.out)
        print(f"singan: scales {singan_case['sizes']}, sample std {singan_case['output_std']:.3f}")


if __name__ == "__main__":
    main()

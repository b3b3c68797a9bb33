"""Command-line options of train.py, their checks, and the SPADE options they imply.

A bad configuration raises `ConfigError` with one sentence; train.py prints it and
exits with status 2.
"""

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from landscape.classes import CLASSES, PALETTE_PATH
from spade.options import SpadeOptions

DEFAULT_RUNS = Path.home() / ".cache" / "spade-studio" / "runs"
DEFAULT_DATA = Path.home() / ".cache" / "spade-studio" / "data"

#: Options that fix the networks' shapes or the training data: a checkpoint can only be
#: resumed under the same values.
ARCHITECTURE_KEYS = ("size", "upsampling", "ngf", "spade_hidden", "noise", "discriminator", "ndf", "z_dim", "n_layers_d",
                     "num_d", "train_pairs", "seed")


class ConfigError(Exception):
    """A configuration the trainer refuses, phrased as one sentence."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description="Train a SPADE generator (VAE style encoder, multi-scale PatchGAN) on procedural landscapes.")
    p.add_argument("--name", default="landscape", help="run name (default checkpoint folder, model name)")
    p.add_argument("--size", type=int, default=128, help="image side in pixels (multiple of 32, >= 32)")
    p.add_argument("--upsampling", choices=("normal", "more", "most"), default="normal",
                   help="generator depth: 5, 6 or 7 upsamplings (most adds up_4 at full size with ngf/2 channels)")
    p.add_argument("--ngf", type=int, default=16, help="generator (and encoder) base width")
    p.add_argument("--spade-hidden", type=int, default=32, help="hidden width of each SPADE's shared conv")
    p.add_argument("--noise", action="store_true",
                   help="per-pixel noise injection after each residual conv (StyleGAN), for texture in "
                        "large regions of one class")
    p.add_argument("--discriminator", choices=("patch", "oasis"), default="patch",
                   help="patch: multi-scale PatchGAN with feature matching (SPADE); oasis: per-pixel "
                        "N+1-class segmentation discriminator with LabelMix (OASIS), no feature matching")
    p.add_argument("--ndf", type=int, default=32, help="discriminator base width")
    p.add_argument("--z-dim", type=int, default=256)
    p.add_argument("--n-layers-d", type=int, default=4, help="layers of each PatchGAN discriminator")
    p.add_argument("--num-d", type=int, default=2, help="discriminator scales")
    p.add_argument("--batch", type=int, default=8, help="global batch size, split across processes")
    p.add_argument("--steps", type=int, default=None, help="train until this many steps in total")
    p.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="stop cleanly (with a checkpoint) before this much wall time has passed")
    p.add_argument("--lr-g", type=float, default=1e-4, help="generator and encoder learning rate")
    p.add_argument("--lr-d", type=float, default=4e-4, help="discriminator learning rate (TTUR)")
    p.add_argument("--lr-noise", type=float, default=5e-3,
                   help="learning rate of the noise strengths, which start at 0: at the generator's rate "
                        "Adam moves them ~1e-4 a step, and a short run would never use the noise")
    p.add_argument("--decay-from", type=int, default=None, metavar="STEP",
                   help="decay both learning rates linearly from this step to 0 at --steps")
    p.add_argument("--ema", type=float, default=0.999,
                   help="decay of the moving average of the generator's weights that is exported (0: none)")
    p.add_argument("--lambda-feat", type=float, default=10.0, help="discriminator feature matching weight")
    p.add_argument("--lambda-labelmix", type=float, default=10.0, help="LabelMix consistency weight (oasis)")
    p.add_argument("--lambda-kld", type=float, default=0.05, help="KL divergence weight")
    p.add_argument("--lambda-l1", type=float, default=1.0,
                   help="L1 weight of the encoder→generator reconstruction (stands in for the VGG loss)")
    p.add_argument("--l1-pool", type=int, default=1, metavar="K",
                   help="compare the reconstruction after K×K average pooling: colours and layout, not "
                        "the phase of fine texture, which no latent can predict (default 1: per pixel)")
    p.add_argument("--train-pairs", type=int, default=8000, help="procedural training pairs (cached on disk)")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="cache of generated pairs")
    p.add_argument("--palette", type=Path, default=PALETTE_PATH, help="palette whose classes the model paints")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ckpt-dir", type=Path, default=None, help=f"run folder (default {DEFAULT_RUNS}/<name>)")
    p.add_argument("--resume", type=Path, default=None, metavar="PATH",
                   help="checkpoint to resume from (default: the run folder's latest, if any)")
    p.add_argument("--init-from", type=Path, default=None, metavar="MODEL",
                   help="a fresh run starts its generator and encoder from this model file where shapes "
                        "agree (a lost checkpoint's last export; a smaller model's blocks); D starts fresh")
    p.add_argument("--ckpt-every", type=int, default=500, help="steps between checkpoints")
    p.add_argument("--log-every", type=int, default=25, help="steps between progress lines")
    p.add_argument("--sample-every", type=int, default=500, help="steps between sample grids and loss curves")
    p.add_argument("--export", type=Path, default=None, metavar="PATH", help="write the model file here at the end")
    p.add_argument("--export-half", action="store_true",
                   help="store the export's weights in half precision (half the size; the engine computes in float)")
    p.add_argument("--export-every", type=int, default=None, metavar="STEPS",
                   help="also write the export every this many steps (milestones to commit)")
    p.add_argument("--device", choices=("cpu", "cuda", "auto"), default="auto")
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads per process")
    return p


def parse(argv=None) -> argparse.Namespace:
    args = parser().parse_args(argv)
    validate(args)
    if args.ckpt_dir is None:
        args.ckpt_dir = DEFAULT_RUNS / args.name
    return args


def validate(args) -> None:
    steps = {"normal": 5, "more": 6, "most": 7}[args.upsampling]
    if args.size < 2 ** steps or args.size % 2 ** steps:
        raise ConfigError(f"--size must be a multiple of {2 ** steps} for --upsampling {args.upsampling}, "
                          f"not {args.size}.")
    for name in ("ngf", "spade_hidden", "ndf", "z_dim", "batch", "train_pairs", "n_layers_d", "num_d", "l1_pool",
                 "ckpt_every", "log_every", "sample_every"):
        if getattr(args, name) < 1:
            raise ConfigError(f"--{name.replace('_', '-')} must be positive, not {getattr(args, name)}.")
    if args.steps is None and args.time_budget is None:
        raise ConfigError("give --steps, --time-budget or both, so the run knows when to stop.")
    if args.decay_from is not None and args.steps is None:
        raise ConfigError("--decay-from needs --steps (the step at which the rates reach 0).")
    if args.init_from is not None and not args.init_from.is_file():
        raise ConfigError(f"model file {args.init_from} does not exist.")
    if args.resume is not None and not args.resume.is_file():
        raise ConfigError(f"checkpoint {args.resume} does not exist.")
    check_palette(args.palette)


def check_palette(path: Path) -> list:
    """Class names of `path`, which must describe exactly the landscape dataset's classes."""
    try:
        classes = json.loads(Path(path).read_text())["classes"]
    except (OSError, ValueError, KeyError) as error:
        raise ConfigError(f"palette {path} cannot be read ({error}).") from None
    known = {c.id: c.name for c in CLASSES}
    for entry in classes:
        if known.get(entry.get("id")) != entry.get("name"):
            raise ConfigError(f"palette {path} has class {entry.get('name')!r} (id {entry.get('id')}), "
                              "which the landscape dataset does not produce.")
    if len(classes) != len(known):
        raise ConfigError(f"palette {path} lists {len(classes)} classes; the landscape dataset has {len(known)}.")
    return [entry["name"] for entry in sorted(classes, key=lambda e: e["id"])]


def spade_options(args) -> SpadeOptions:
    """Options of the generator and encoder: batch-norm SPADE with spectral norm, VAE."""
    return SpadeOptions(
        label_nc=len(CLASSES), contain_dontcare_label=False, no_instance=True, dataset_mode="landscape",
        ngf=args.ngf, crop_size=args.size, aspect_ratio=1.0, num_upsampling_layers=args.upsampling,
        norm_G="spectralspadebatch3x3", norm_E="spectralinstance", use_vae=True, z_dim=args.z_dim,
        spade_hidden=args.spade_hidden, encoder_input_size=encoder_input_size(args.size), noise=args.noise,
    )


def encoder_input_size(size: int) -> int:
    """The encoder's square input: the largest power of two <= size, capped at the official 256."""
    return min(1 << (size.bit_length() - 1), 256)


@dataclass(frozen=True)
class Schedule:
    """Learning rates at a given step (constant, then optionally linear decay to 0)."""

    lr_g: float
    lr_d: float
    decay_from: int = None
    steps: int = None

    def factor(self, step: int) -> float:
        if self.decay_from is None or step < self.decay_from:
            return 1.0
        return max(0.0, (self.steps - step) / max(self.steps - self.decay_from, 1))

"""Name a landscape model's looks: the latent of each look is the mean style code (the encoder's
μ) of training images rendered under it, at their typical length, and is written into the model file's config as
`looks`, which the studio's `m` offers ("look night", …). A look's name is then a measured
property of this model, not a name someone gave a seed.

    /usr/bin/python3 Training/name_looks.py --model Assets/landscape.safetensors [--per-look 48] [--maps 16] [--check]

Each image's look is known from its seed (`landscape.dataset.look_of`). Every look is then rendered
on held-out maps and measured as a person would judge it: brightness, warmth (red − blue) and
colourfulness (night should be darkest, sunset warmest, overcast greyest); with `--check`, the look
classifier of `evaluate.py` (trained on real procedural images, cached) also names the renders.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

from evaluation import looks as look_eval
from landscape import make_pairs, split_seeds
from landscape.dataset import look_of
from spade.export import METADATA_KEY
from spade.model_file import load_with_encoder
from spade.models import labels_to_input
from spade.safetensors_io import read_safetensors, write_safetensors
from trainer.options import DEFAULT_DATA

#: Studio names of evaluation.looks.LOOKS, in that order.
NAMES = ("night", "sunset", "day", "overcast")


def seeds_by_look(per_look: int, search: int = 4000) -> list:
    """The first `per_look` training seeds of each look class."""
    found = [[] for _ in NAMES]
    for seed in split_seeds("train", search):
        bucket = found[look_eval.look_class(look_of(seed))]
        if len(bucket) < per_look:
            bucket.append(seed)
        if all(len(b) == per_look for b in found):
            break
    return found


@torch.no_grad()
def look_latents(netE, size: int, per_look: int, workers: int) -> tuple:
    """(latent per look, the training images it was measured on per look)."""
    latents, data = [], []
    for seeds in seeds_by_look(per_look):
        _, images = make_pairs(seeds, size, workers=workers)
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1
        mu, _ = netE(x)
        # Averaging shortens vectors that point different ways: the mean's direction, at its images'
        # typical length, renders the look as strongly as they show it.
        mean = mu.mean(0)
        latents.append(mean * (mu.norm(dim=1).mean() / mean.norm()))
        data.append(images)
    return latents, data


@torch.no_grad()
def renders(netG, opt, latents, size: int, maps: int, workers: int) -> dict:
    """Each look's renders of `maps` held-out maps, (N, H, W, 3) uint8."""
    labels, _ = make_pairs(split_seeds("test", maps), size, workers=workers)
    seg = labels_to_input(torch.from_numpy(labels).long(), None, opt)
    out = {}
    for name, z in zip(NAMES, latents):
        images = netG(seg, z.expand(maps, -1))
        out[name] = ((images.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()
    return out


def colour_measures(rgb: np.ndarray) -> dict:
    """What a person sees first: brightness (mean luma), warmth (mean red − blue) and colourfulness
    (mean max − min channel), on the 0–1 scale."""
    x = rgb.astype(np.float64) / 255
    return {"brightness": float((0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]).mean()),
            "warmth": float((x[..., 0] - x[..., 2]).mean()),
            "colourfulness": float((x.max(-1) - x.min(-1)).mean())}


def check(images: dict, size: int, data_dir: Path) -> dict:
    """Per look: the share of its renders the look classifier names as that look."""
    net = look_eval.load_or_train(size, data_dir)
    return {name: float(np.mean(look_eval.predict(net, rgb) == index)) for index, (name, rgb) in enumerate(images.items())}


def write_looks(path: Path, latents) -> None:
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata[METADATA_KEY])
    config["looks"] = [{"name": name, "latent": [round(float(v), 6) for v in z]} for name, z in zip(NAMES, latents)]
    write_safetensors(path, tensors, {**metadata, METADATA_KEY: json.dumps(config)})


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--per-look", type=int, default=48, help="training images averaged per look")
    p.add_argument("--maps", type=int, default=16, help="held-out maps each look is rendered on for its measures")
    p.add_argument("--check", action="store_true", help="also name the renders with the look classifier")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="cache the look classifier trains from")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    loaded = load_with_encoder(args.model, "its looks cannot be measured")
    if loaded is None:
        return 2
    netG, netE, config, opt = loaded
    size = config["generator"]["crop_size"]
    latents, data = look_latents(netE, size, args.per_look, args.workers)
    write_looks(args.model, latents)
    print(f"{args.model}: looks {', '.join(NAMES)} from {args.per_look} training images each")
    images = renders(netG, opt, latents, size, args.maps, args.workers)
    agreement = check(images, size, args.data_dir) if args.check else {}
    for (name, rgb), real in zip(images.items(), data):
        m, r = colour_measures(rgb), colour_measures(real)
        line = (f"  {name}: brightness {m['brightness']:.3f} (its training images {r['brightness']:.3f}), "
                f"warmth (R − B) {m['warmth']:+.3f} ({r['warmth']:+.3f}), "
                f"colourfulness {m['colourfulness']:.3f} ({r['colourfulness']:.3f}) over {args.maps} held-out maps")
        if name in agreement:
            line += f"; the look classifier agrees on {agreement[name]:.0%}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

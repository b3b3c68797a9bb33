"""Name a landscape model's looks: the latent of each look is the mean style code (the encoder's
μ) of training images rendered under it, and is written into the model file's config as
`looks`, which the studio's `m` offers ("look night", …). A look's name is then a measured
property of this model, not a name someone gave a seed.

    /usr/bin/python3 Training/name_looks.py --model Assets/landscape.safetensors [--per-look 48]

Each image's look is known from its seed (`landscape.dataset.look_of`). With `--check`, the look
classifier of `evaluate.py` (trained on real procedural images, cached) names the renders of
held-out maps under each latent, and the share it agrees is printed.
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
from spade.model_file import load_model_file
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
def look_latents(netE, size: int, per_look: int, workers: int) -> list:
    latents = []
    for seeds in seeds_by_look(per_look):
        _, images = make_pairs(seeds, size, workers=workers)
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1
        mu, _ = netE(x)
        latents.append(mu.mean(0))
    return latents


@torch.no_grad()
def check(netG, opt, latents, size: int, maps: int, data_dir: Path, workers: int) -> dict:
    """Share of renders of held-out maps the look classifier names as intended, per look."""
    net = look_eval.load_or_train(size, data_dir)
    labels, _ = make_pairs(split_seeds("test", maps), size, workers=workers)
    seg = labels_to_input(torch.from_numpy(labels).long(), None, opt)
    agreement = {}
    for index, (name, z) in enumerate(zip(NAMES, latents)):
        images = netG(seg, z.expand(maps, -1))
        rgb = ((images.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()
        agreement[name] = float(np.mean(look_eval.predict(net, rgb) == index))
    return agreement


def write_looks(path: Path, latents) -> None:
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata[METADATA_KEY])
    config["looks"] = [{"name": name, "latent": [round(float(v), 6) for v in z]} for name, z in zip(NAMES, latents)]
    write_safetensors(path, tensors, {**metadata, METADATA_KEY: json.dumps(config)})


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--per-look", type=int, default=48, help="training images averaged per look")
    p.add_argument("--check", type=int, default=0, metavar="MAPS", help="score renders of this many test maps")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="cache the look classifier trains from")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    try:
        netG, netE, config, opt = load_model_file(args.model)
    except (OSError, ValueError, KeyError) as error:
        print(f"{args.model}: {error}", file=sys.stderr)
        return 2
    if netE is None:
        print(f"{args.model}: the model has no style encoder, so its looks cannot be measured", file=sys.stderr)
        return 2
    size = config["generator"]["crop_size"]
    latents = look_latents(netE, size, args.per_look, args.workers)
    write_looks(args.model, latents)
    print(f"{args.model}: looks {', '.join(NAMES)} from {args.per_look} training images each")
    if args.check:
        for name, share in check(netG, opt, latents, size, args.check, args.data_dir, args.workers).items():
            print(f"  {name}: the look classifier agrees on {share:.0%} of {args.check} held-out maps")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Give a model a style bank: the encoder's posteriors (μ, σ) of K training images, stored in the
model file (`latent_prior.means`, `latent_prior.scales`, config `style_bank`), so random seeds
draw the looks the training data has instead of N(0, I)'s (Training/spade/latent_prior.py says
why).

    /usr/bin/python3 Training/fit_style_bank.py --model Assets/landscape.safetensors [--images 512]

The images are the first K of the training split, whose looks come in the data's proportions.
Prints the latent statistics that show why a bank is needed (how many directions the encoder
uses, how far its posteriors sit from the prior's centre).
"""

import argparse
import json
import sys
from pathlib import Path

import torch

from landscape import make_pairs, split_seeds
from spade.export import METADATA_KEY
from spade.latent_prior import StyleBank
from spade.model_file import load_with_encoder
from spade.safetensors_io import read_safetensors, write_safetensors


@torch.no_grad()
def posteriors(netE, size: int, count: int, workers: int) -> StyleBank:
    means, scales = [], []
    seeds = split_seeds("train", count)
    for start in range(0, count, 64):
        _, images = make_pairs(seeds[start:start + 64], size, workers=workers)
        x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1
        mu, logvar = netE(x)
        means.append(mu)
        scales.append(torch.exp(0.5 * logvar))
    return StyleBank(torch.cat(means), torch.cat(scales))


def write_bank(path: Path, bank: StyleBank, balanced: dict = None) -> None:
    """Stores `bank` in the model file; `balanced` records how balance_style_bank.py reweighted it."""
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata[METADATA_KEY])
    config["style_bank"] = {"count": int(bank.means.shape[0]), **({"balanced_by_look": balanced} if balanced else {})}
    tensors.update(bank.tensors())
    write_safetensors(path, tensors, {**metadata, METADATA_KEY: json.dumps(config)})


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--images", type=int, default=512, help="training images in the bank")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    loaded = load_with_encoder(args.model, "it has no posteriors to bank")
    if loaded is None:
        return 2
    _, netE, config, _ = loaded
    bank = posteriors(netE, config["generator"]["crop_size"], args.images, args.workers)
    spread = torch.linalg.eigvalsh(torch.cov(bank.means.double().T)).flip(0)
    used = int((spread > 0.05 * spread[0]).sum())
    print(f"{args.model}: style bank of {args.images} training posteriors; their means use {used} directions "
          f"(variance {', '.join(f'{v:.2f}' for v in spread[:used])}), centre at |{bank.centre.norm():.2f}| from 0, "
          f"mean σ {bank.scales.mean():.2f}")
    write_bank(args.model, bank)
    return 0


if __name__ == "__main__":
    sys.exit(main())

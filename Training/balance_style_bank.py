#!/usr/bin/python3
"""Balance a model's style bank by look, so random seeds give the data's looks in its proportions.

    /usr/bin/python3 Training/balance_style_bank.py --model Assets/landscape.safetensors [--samples 6] [--temper 0.7]

A bank of training posteriors holds the data's looks in the data's proportions, but the generator
does not render every posterior in its own look (a golden-hour posterior can come out as a clear
day). This renders every bank entry's latents on the same few training-split maps (one latent per
map, so entries differ only by their latents, not by the maps they drew), names each render's look
with the look classifier (Training/evaluation/looks.py), and reweights the entries so the looks
they *render* match the training data's shares: maximum-entropy weights under those constraints
(iterative scaling), then a bank of the same size drawn from them by systematic resampling
(an entry may repeat; the engine draws entries uniformly). The model's named looks are kept.

Calibration uses training-split maps only; `evaluate.py` measures the result on the test split.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from evaluate import render
from evaluation import looks, segnet
from fit_style_bank import write_bank
from landscape import make_pairs, split_seeds
from spade.latent_prior import StyleBank
from spade.model_file import load_model_file
from spade.safetensors_io import read_safetensors
from trainer.options import DEFAULT_DATA


def balancing_weights(probabilities: np.ndarray, target: np.ndarray, iterations: int = 500) -> np.ndarray:
    """Weights w (summing to 1) over entries that make Σ_e w_e·p_e = target, closest to uniform.

    `probabilities` (entries, looks): each entry's look distribution; `target` (looks,). The
    maximum-entropy solution has w_e ∝ exp(Σ_l λ_l p_e(l)); iterative scaling finds λ. Looks no
    entry renders cannot be reached and keep their weight at zero."""
    reachable = probabilities.sum(0) > 0
    lam = np.zeros(probabilities.shape[1])
    for _ in range(iterations):
        logits = probabilities @ lam
        w = np.exp(logits - logits.max())
        w /= w.sum()
        current = w @ probabilities
        lam[reachable] += np.log(np.maximum(target[reachable], 1e-6) / np.maximum(current[reachable], 1e-12))
    return w


def systematic_resample(weights: np.ndarray, count: int) -> np.ndarray:
    """`count` entry indices whose frequencies follow `weights` as evenly as possible (fixed offset ½)."""
    positions = (np.arange(count) + 0.5) / count
    return np.minimum(np.searchsorted(np.cumsum(weights), positions), len(weights) - 1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--samples", type=int, default=6,
                   help="latents drawn per entry, each rendered on its own training-split map (the same maps for every entry)")
    p.add_argument("--temper", type=float, default=0.7,
                   help="multiply the entries' σ by this first: below 1 an entry's look depends less on the noise, "
                        "so reweighting entries can move the looks")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--segnet-cache", type=Path, default=segnet.DEFAULT_CACHE, help="cache of the classifiers (evaluate.py's)")
    p.add_argument("--look-steps", type=int, default=600, help="look classifier training steps if none is cached")
    p.add_argument("--look-pairs", type=int, default=2000, help="real pairs the look classifier trains on")
    p.add_argument("--threads", type=int, default=None)
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    netG, _, config, opt = load_model_file(args.model)
    tensors, _ = read_safetensors(args.model)
    bank = StyleBank.of_tensors(tensors)
    if bank is None:
        print(f"balance_style_bank.py: {args.model} has no style bank (fit one with Training/fit_style_bank.py)", file=sys.stderr)
        return 2
    size = config["generator"]["crop_size"]
    look_net = looks.load_or_train(size, args.data_dir, args.segnet_cache, args.look_steps, args.look_pairs)
    # Training-split maps from the far end of the bank's images, so no entry sees its own map.
    seeds = split_seeds("train", 4096)[-args.samples:]
    maps, _ = make_pairs(seeds, size, workers=1)
    bank = StyleBank(bank.means, bank.scales * args.temper)
    entries = bank.means.shape[0]
    noise = torch.Generator().manual_seed(0)
    counts = np.zeros((entries, len(looks.LOOKS)))
    for s in range(args.samples):
        z = bank.means + bank.scales * torch.randn(bank.means.shape, generator=noise)
        labels = np.repeat(maps[s:s + 1], entries, axis=0)
        predicted = looks.predict(look_net, render(netG, opt, labels, z))
        counts[np.arange(entries), predicted] += 1
        print(f"sample {s + 1}/{args.samples}: rendered looks {looks.shares(predicted)}", flush=True)
    probabilities = counts / args.samples
    agreement = float(np.mean(counts.max(1) == args.samples))
    print(f"entries whose {args.samples} samples all render one look: {agreement:.0%}")
    target = np.array(list(looks.shares(looks.classes_of("train", 4096)).values()))
    weights = balancing_weights(probabilities, target)
    chosen = systematic_resample(weights, entries)
    before, after = probabilities.mean(0), probabilities[chosen].mean(0)
    table = lambda shares: ", ".join(f"{n} {v:.0%}" for n, v in zip(looks.LOOKS, shares))  # noqa: E731
    print(f"data (train split): {table(target)}\nbank as fitted:     {table(before)}\nbank balanced:      {table(after)}"
          f"\n{len(set(chosen.tolist()))} of {entries} entries kept, the most repeated {np.bincount(chosen).max()}×")
    write_bank(args.model, StyleBank(bank.means[chosen], bank.scales[chosen]),
               balanced={"looks": list(looks.LOOKS), "data": [round(v, 4) for v in target],
                         "fitted": [round(v, 4) for v in before], "balanced": [round(v, 4) for v in after],
                         "samples": args.samples, "temper": args.temper, "agreement": round(agreement, 3),
                         "distinct_entries": len(set(chosen.tolist()))})
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Render a SinGAN model file with PyTorch and with the Swift engine, and compare.

    /usr/bin/python3 Training/check_singan.py --model M.safetensors --bin .build/release/spade-studio

Compares a seeded random sample (`spade-studio render`) and paint-to-image of a painting made of
the model's palette colours at every injection scale (`spade-studio paint2image`), both as float32
.npy. Exits 1 unless every render has max |Δ| ≤ 1e-3 and mean |Δ| ≤ 1e-4 (the engine's parity
tolerance).
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import singan  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    generators, sizes, amplitudes, _, config = singan.load_model(args.model)
    colours = np.array([c["rgb"] for c in config["palette"]], np.uint8)
    h, w = sizes[-1]
    painting = colours[(np.arange(h)[:, None] * 3 // h + np.arange(w)[None] * 2 // w * 3) % len(colours)]
    ok = True
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        Image.fromarray(painting).save(f"{tmp}/paint.png")
        runs = [("sample", ["render", "--model", str(args.model), "--seed", str(args.seed)],
                 singan.generate(generators, sizes, amplitudes, singan.seeded_noises(args.seed, sizes)))]
        for k in range(len(sizes)):
            runs.append((f"paint at scale {k}", ["paint2image", "--model", str(args.model), "--paint", f"{tmp}/paint.png",
                                                 "--inject-scale", str(k), "--seed", str(args.seed)],
                         singan.generate(generators, sizes, amplitudes, singan.seeded_noises(args.seed, sizes, k), k,
                                         singan.painting_tensor(painting))))
        for name, command, expected in runs:
            subprocess.run([args.bin, *command, "--out", f"{tmp}/out.npy"], check=True)
            diff = np.abs(np.load(f"{tmp}/out.npy") - expected[0].numpy())
            good = diff.max() <= 1e-3 and diff.mean() <= 1e-4
            ok &= bool(good)
            print(f"{name}: max |Δ| {diff.max():.2e}, mean |Δ| {diff.mean():.2e} {'ok' if good else 'OUTSIDE THE PARITY TOLERANCE'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

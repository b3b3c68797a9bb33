#!/usr/bin/python3
"""Render an exported model with PyTorch and with the Swift engine, and compare.

    /usr/bin/python3 Training/check_export.py --model M.safetensors --bin .build/release/spade-studio

Uses procedural test-split label maps at the model's size (`--maps`, alternately natural and
painted layouts) and one random latent each, passed to both sides (the CLI reads it with
--latent); on painted maps the CLI gets a seed instead (and on every other one a truncation ψ),
so the engine's seeded latents — N(0, I) or the model's style bank — are checked against
Training/spade/latent_prior.py too. Exits 1 unless every map has max |Δ| ≤ 1e-3 and mean |Δ| ≤ 1e-4 (the engine's parity
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
from landscape.dataset import make_pair  # noqa: E402
from spade.labels import labels_to_input  # noqa: E402
from spade.latent_prior import StyleBank, seeded_latent  # noqa: E402
from spade.model_file import load_model_file  # noqa: E402
from spade.options import output_size  # noqa: E402
from spade.safetensors_io import read_safetensors  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seed", type=int, default=20_000_001, help="first procedural scene seed (test split)")
    parser.add_argument("--maps", type=int, default=1, help="label maps to compare on")
    args = parser.parse_args()

    netG, _, config, opt = load_model_file(args.model)
    bank = StyleBank.of_tensors(read_safetensors(args.model)[0])
    results = [compare(args, netG, opt, bank, args.seed + i, i) for i in range(args.maps)]
    sys.exit(0 if all(results) else 1)


def compare(args, netG, opt, bank, seed: int, index: int) -> bool:
    height, width = output_size(opt)
    layout = ("natural", "painted")[index % 2]
    labels, _ = make_pair(seed, width, layout)
    labels = np.ascontiguousarray(labels[:height, :width])
    seeded = layout == "painted"
    psi = 0.5 if index % 4 == 3 else None
    z = (seeded_latent(seed, opt.z_dim, bank, psi) if seeded
         else np.random.default_rng(seed).standard_normal(opt.z_dim).astype(np.float32))
    with tempfile.TemporaryDirectory() as tmp:
        Image.fromarray(labels).save(f"{tmp}/labels.png")
        np.save(f"{tmp}/z.npy", z)
        command = [args.bin, "render", "--model", args.model, "--labels", f"{tmp}/labels.png", "--out", f"{tmp}/out.npy"]
        if opt.use_vae and seeded:
            command += ["--seed", str(seed)] + (["--truncation", str(psi)] if psi is not None else [])
        elif opt.use_vae:
            command += ["--latent", f"{tmp}/z.npy"]
        subprocess.run(command, check=True)
        swift = np.load(f"{tmp}/out.npy")
    seg = labels_to_input(torch.from_numpy(labels.astype(np.int64))[None, None], None, opt)
    with torch.no_grad():
        reference = netG(seg, torch.from_numpy(z)[None] if opt.use_vae else None)[0].numpy()
    diff = np.abs(swift - reference)
    ok = diff.max() <= 1e-3 and diff.mean() <= 1e-4 and reference.std() > 0.01
    latent = ("seed" + (f", ψ {psi}" if psi is not None else "") + (", style bank" if bank is not None else "")
              if seeded else "latent file") if opt.use_vae else "no latent"
    print(f"{Path(args.model).name}, {layout} map {seed} ({latent}): Swift vs PyTorch max |Δ| {diff.max():.2e}, "
          f"mean |Δ| {diff.mean():.2e}, output std {reference.std():.3f}: {'ok' if ok else 'MISMATCH'}")
    return ok


if __name__ == "__main__":
    main()

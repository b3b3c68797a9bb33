#!/usr/bin/python3
"""Measure paint-to-image of a SinGAN model at every injection scale.

    /usr/bin/python3 Training/singan_paint_checks.py --model M.safetensors --photo PHOTO [--out DIR] [--seeds 4]

Two rough paintings in the model's palette colours, both flat (no texture at all): the photograph
snapped to its palette at the coarsest scale ("photo layout"), and the same colours in horizontal
bands in another order ("bands"). Each is injected at every scale with several seeds, and scored:

- texture: mean gradient magnitude inside the painting's regions (eroded by 1/32 of the width)
  of the output, divided by the photograph's mean gradient magnitude (1: as detailed as the photo;
  the painting itself scores 0);
- layout: the share of pixels whose nearest palette colour, after a 4× box blur of the output, is
  the colour painted there (1: the painting's layout kept exactly).

Prints a table and writes DIR/paint_checks.json and DIR/paint_checks.png (per painting: the
painting, then one output per scale).
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parent))
import singan  # noqa: E402


def gradient(image: np.ndarray) -> np.ndarray:
    x = image.astype(np.float32) / 255.0
    dy, dx = np.gradient(x, axis=(0, 1))
    return np.sqrt(dx ** 2 + dy ** 2).mean(axis=2)


def nearest_colour(image: np.ndarray, colours: np.ndarray) -> np.ndarray:
    return ((image[:, :, None].astype(np.int32) - colours[None, None].astype(np.int32)) ** 2).sum(3).argmin(2)


def paintings(photo: np.ndarray, colours: np.ndarray, coarse: tuple, size: tuple) -> dict:
    small = np.asarray(Image.fromarray(photo).resize(coarse[::-1], Image.BOX))
    index = nearest_colour(small, colours)
    layout = np.asarray(Image.fromarray(colours[index].astype(np.uint8)).resize(size[::-1], Image.NEAREST))
    bands = np.zeros((*size, 3), np.uint8)
    order = np.roll(np.arange(len(colours)), 1)
    for i, rows in enumerate(np.array_split(np.arange(size[0]), min(4, len(colours)))):
        bands[rows] = colours[order[i]]
    return {"photo layout": layout, "bands": bands}


def to_uint8(x: torch.Tensor) -> np.ndarray:
    return ((x[0].clamp(-1, 1) + 1) * 127.5).round().byte().permute(1, 2, 0).numpy()


@torch.no_grad()
def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--photo", type=Path, required=True)
    p.add_argument("--out", type=Path, default=None, help="folder for the table and sheet (default: beside the model)")
    p.add_argument("--seeds", type=int, default=4)
    args = p.parse_args(argv)
    generators, sizes, amplitudes, _, config = singan.load_model(args.model)
    colours = np.array([c["rgb"] for c in config["palette"]], np.uint8)
    photo = to_uint8(F.interpolate(singan.load_photo(args.photo), size=sizes[-1], mode="area"))
    photo_texture = float(gradient(photo).mean())
    margin = max(1, sizes[-1][1] // 32)
    out_dir = args.out or args.model.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    results, rows = {"photo_texture": photo_texture, "paintings": {}}, []
    print(f"{'painting':14} {'scale':>5} {'texture':>8} {'layout':>7}")
    for name, painting in paintings(photo, colours, sizes[0], sizes[-1]).items():
        index = nearest_colour(painting, colours)
        inside = np.zeros(index.shape, bool)
        for k in np.unique(index):
            inside |= ndimage.binary_erosion(index == k, np.ones((2 * margin + 1,) * 2, bool))
        row, scores = [painting], []
        for k in range(len(sizes)):
            texture, layout = [], []
            for seed in range(args.seeds):
                image = to_uint8(singan.generate(generators, sizes, amplitudes, singan.seeded_noises(seed, sizes, k), k,
                                                 singan.painting_tensor(painting)))
                texture.append(gradient(image)[inside].mean() / photo_texture)
                blurred = ndimage.uniform_filter(image.astype(np.float32), size=(4, 4, 1))
                layout.append((nearest_colour(blurred, colours) == index).mean())
                if seed == 0:
                    row.append(image)
            scores.append({"scale": k, "texture": float(np.mean(texture)), "layout": float(np.mean(layout))})
            print(f"{name:14} {k:>5} {scores[-1]['texture']:8.2f} {scores[-1]['layout']:7.2f}")
        results["paintings"][name] = scores
        rows.append(np.concatenate(row, axis=1))
    Image.fromarray(np.concatenate(rows, axis=0)).save(out_dir / "paint_checks.png")
    (out_dir / "paint_checks.json").write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

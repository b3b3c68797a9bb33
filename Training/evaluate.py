"""Evaluate an exported landscape model as the SPADE paper does, and write its model card.

    /usr/bin/python3 Training/evaluate.py --model Assets/landscape.safetensors [--ckpt RUN/latest.pt]

Renders held-out test label maps with the model file (loaded back into PyTorch, exactly
the weights the studio runs), segments real and rendered images with a small segmenter
trained on real procedural images (cached), and reports mIoU and pixel accuracy for
both, a Fréchet distance on the segmenter's pooled features ("segnet-FID", not
Inception FID) and the diversity of renders under random latents. Writes M.card.json
and M.sheet.png next to the model.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from evaluation import metrics, segnet
from landscape import CLASSES, NUM_CLASSES, colorize, load_split
from landscape.dataset import SPLIT_START
from spade.model_file import load_model_file
from spade.models import labels_to_input
from trainer.options import DEFAULT_DATA
from trainer.report import to_uint8


def arguments(argv):
    p = argparse.ArgumentParser(description="Evaluate a landscape model file and write its model card.")
    p.add_argument("--model", type=Path, required=True, help="exported .safetensors model")
    p.add_argument("--ckpt", type=Path, default=None, help="training checkpoint, for provenance in the card")
    p.add_argument("--count", type=int, default=256, help="test label maps")
    p.add_argument("--diversity-maps", type=int, default=8)
    p.add_argument("--latents", type=int, default=8, help="renders per map for the diversity score")
    p.add_argument("--segnet-steps", type=int, default=800, help="segmenter training steps if none is cached")
    p.add_argument("--segnet-cache", type=Path, default=segnet.DEFAULT_CACHE)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--seed", type=int, default=0, help="seed of the latents drawn")
    p.add_argument("--threads", type=int, default=None)
    return p.parse_args(argv)


def check_model(config: dict, path: Path) -> None:
    labels = config["labels"]
    names = [c.name for c in CLASSES]
    if labels["label_nc"] != NUM_CLASSES or labels["class_names"] != names:
        raise ValueError(f"{path} is not a landscape model: it paints {labels['label_nc']} classes "
                         f"({', '.join(labels['class_names'][:4])}, ...), not the {NUM_CLASSES} landscape classes.")


@torch.no_grad()
def render(netG, opt, labels: np.ndarray, z: torch.Tensor, batch: int = 8) -> np.ndarray:
    """(N, H, W, 3) uint8 renders of label maps (N, H, W) under latents z (N, z_dim)."""
    out = []
    for start in range(0, labels.shape[0], batch):
        semantics = labels_to_input(torch.from_numpy(labels[start:start + batch]).long(), None, opt)
        out.append(to_uint8(netG(semantics, z[start:start + batch] if opt.use_vae else None)))
    return np.concatenate(out)


def segmentation_scores(net, images: np.ndarray, truth: np.ndarray) -> tuple:
    predicted, features = segnet.predict(net, segnet.to_tensor(images))
    matrix = metrics.confusion(predicted.numpy(), truth, NUM_CLASSES)
    per_class = {c.name: round(float(v), 4)
                 for c, v in zip(CLASSES, metrics.class_iou(matrix)) if not np.isnan(v)}
    scores = {"miou": metrics.mean_iou(matrix), "pixel_accuracy": metrics.pixel_accuracy(matrix), "class_iou": per_class}
    return scores, features.numpy()


def sample_sheet(labels, real, renders_per_map) -> np.ndarray:
    """Rows: label colours | real procedural image | renders under 4 latents."""
    rows = [np.concatenate([colorize(l), r, *renders], axis=1) for l, r, renders in zip(labels, real, renders_per_map)]
    return np.concatenate(rows, axis=0)


def evaluate(args, netG, config: dict, opt) -> dict:
    size = config["generator"]["crop_size"]
    log = lambda line: print(line, flush=True)  # noqa: E731
    net = segnet.load_or_train(size, args.segnet_steps, args.data_dir, args.segnet_cache, log=log)

    began = time.time()
    labels, real = load_split("test", args.count, size, args.data_dir)
    _, baseline_real = load_split("val", args.count, size, args.data_dir)
    noise = torch.Generator().manual_seed(args.seed)
    z = torch.randn(args.count, opt.z_dim, generator=noise)
    generated = render(netG, opt, labels, z)

    real_scores, real_features = segmentation_scores(net, real, labels)
    fake_scores, fake_features = segmentation_scores(net, generated, labels)
    baseline_features = segnet.predict(net, segnet.to_tensor(baseline_real))[1].numpy()

    maps = labels[:args.diversity_maps]
    repeated = np.repeat(maps, args.latents, axis=0)
    variety = render(netG, opt, repeated, torch.randn(repeated.shape[0], opt.z_dim, generator=noise))
    variety = variety.reshape(len(maps), args.latents, *variety.shape[1:])
    diversity = float(np.mean([metrics.mean_pairwise_l1(v) for v in variety]))

    sheet_path = args.model.with_suffix(".sheet.png")
    Image.fromarray(sample_sheet(maps[:4], real[:4], variety[:4, :4])).save(sheet_path)
    card = {
        "model": args.model.name,
        "name": config["name"],
        "generator": config["generator"],
        "encoder": config["encoder"],
        "palette": config["labels"]["palette"],
        "evaluation": {
            "test_maps": args.count,
            "test_seeds": [SPLIT_START["test"], SPLIT_START["test"] + args.count - 1],
            "latents": f"z ~ N(0, I), torch seed {args.seed}",
            "segmenter": f"SegNet (Training/evaluation/segnet.py), {args.segnet_steps} steps on real procedural images",
            "seconds": round(time.time() - began, 1),
        },
        "metrics": {
            "generated": fake_scores,
            "real": real_scores,
            "segnet_fid": metrics.frechet_distance(real_features, fake_features),
            "segnet_fid_real_vs_real": metrics.frechet_distance(real_features, baseline_features),
            "diversity_l1": diversity,
            "diversity_setup": f"{len(maps)} maps x {args.latents} latents, mean pairwise L1 on a 0-1 scale",
        },
        "sheet": sheet_path.name,
    }
    if args.ckpt is not None:
        state = torch.load(args.ckpt, map_location="cpu")
        card["training"] = {"checkpoint": str(args.ckpt), "step": state["step"], "options": state["args"]}
    card_path = args.model.with_suffix(".card.json")
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    return card


def main(argv=None) -> int:
    args = arguments(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    for path in (args.model, args.ckpt):
        if path is not None and not path.is_file():
            print(f"evaluate.py: {path} does not exist.", file=sys.stderr)
            return 2
    try:
        netG, _, config, opt = load_model_file(args.model)
        check_model(config, args.model)
    except ValueError as error:
        print(f"evaluate.py: {error}", file=sys.stderr)
        return 2
    card = evaluate(args, netG, config, opt)
    print(json.dumps(card["metrics"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

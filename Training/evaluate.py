"""Evaluate an exported landscape model as the SPADE paper does, and write its model card.

    /usr/bin/python3 Training/evaluate.py --model Assets/landscape.safetensors [--ckpt RUN/latest.pt]
    /usr/bin/python3 Training/evaluate.py --model M.safetensors --canvases DIR   # your own label maps

Renders held-out test label maps with the model file (loaded back into PyTorch, exactly the
weights the studio runs) — natural procedural layouts and canvases painted as people paint
(rectangles, strokes, fills; their "real" image is the renderer's picture of the same canvas) —
and reports for each: mIoU and pixel accuracy of a small segmenter trained on real procedural
images, on real and on generated images; texture (mean gradient magnitude inside class
interiors, generated / real, per class) and a patch-statistics distance; a Fréchet distance on
the segmenter's pooled features ("segnet-FID", not Inception FID). Then the diversity of renders
under random latents and their look coverage (a small look classifier's shares of night,
golden/sunset, clear day, overcast/fog under random latents, next to the data's). Writes
M.card.json, M.sheet.png (procedural maps) and M.painted_sheet.png next to the model.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from evaluation import looks, metrics, segnet
from landscape import CLASSES, NUM_CLASSES, colorize, load_split, make_pairs, split_seeds
from landscape.classes import TEXTURED
from landscape.dataset import PARALLEL_FROM, SPLIT_START
from spade.latent_prior import StyleBank, sample_latents
from spade.model_file import load_model_file
from spade.safetensors_io import read_safetensors
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
    p.add_argument("--segnet-cache", type=Path, default=segnet.DEFAULT_CACHE, help="cache of both classifiers")
    p.add_argument("--look-steps", type=int, default=600, help="look classifier training steps if none is cached")
    p.add_argument("--look-pairs", type=int, default=2000, help="real pairs the look classifier trains on")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--seed", type=int, default=0, help="seed of the latents drawn")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--canvases", type=Path, default=None, metavar="DIR",
                   help="score the label-map PNGs in DIR instead (segmenter agreement, texture, diversity)")
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


def texture_scores(generated: np.ndarray, real: np.ndarray, labels: np.ndarray, margin: int) -> dict:
    """Texture inside class interiors (eroded by `margin`): generated, real, ratio; per class and overall."""
    fake_t = metrics.texture(generated, labels, TEXTURED, margin)
    real_t = metrics.texture(real, labels, TEXTURED, margin)
    per_class = {CLASSES[c].name: {"generated": round(fake_t[c], 4), "real": round(real_t[c], 4),
                                   "ratio": round(fake_t[c] / max(real_t[c], 1e-9), 3)}
                 for c in TEXTURED if c in fake_t and c in real_t}
    return {"ratio": fake_t["all"] / max(real_t["all"], 1e-9), "generated": fake_t["all"], "real": real_t["all"],
            "per_class": per_class, "patch_distance": metrics.patch_statistics_distance(generated, real),
            "margin_px": margin}


def sample_sheet(labels, real, renders_per_map) -> np.ndarray:
    """Rows: label colours | real procedural image | renders under 4 latents."""
    rows = [np.concatenate([colorize(l), r, *renders], axis=1) for l, r, renders in zip(labels, real, renders_per_map)]
    return np.concatenate(rows, axis=0)


def latent_draw(args, opt):
    """count → (count, z_dim) random latents as the model's users get them (its style bank where
    it has one, else N(0, I)), from torch seed `args.seed`."""
    bank = StyleBank.of_tensors(read_safetensors(args.model)[0])
    noise = torch.Generator().manual_seed(args.seed)
    return lambda count: sample_latents(bank, count, opt.z_dim, noise)


def renders_under_latents(netG, opt, maps: np.ndarray, latents: int, draw) -> np.ndarray:
    """(maps, latents, H, W, 3) renders of each map under `latents` random latents."""
    repeated = np.repeat(maps, latents, axis=0)
    variety = render(netG, opt, repeated, draw(repeated.shape[0]))
    return variety.reshape(len(maps), latents, *variety.shape[1:])


def evaluate(args, netG, config: dict, opt) -> dict:
    size = config["generator"]["crop_size"]
    log = lambda line: print(line, flush=True)  # noqa: E731
    net = segnet.load_or_train(size, args.segnet_steps, args.data_dir, args.segnet_cache, log=log)
    look_net = looks.load_or_train(size, args.data_dir, args.segnet_cache, args.look_steps, args.look_pairs)
    margin = max(1, round(4 * size / 256))  # 4 px at 256²

    began = time.time()
    _, baseline_real = load_split("val", args.count, size, args.data_dir)
    draw = latent_draw(args, opt)
    sets, sheets = {}, {}
    for layout in ("natural", "painted"):
        workers = (args.threads or 2) if args.count >= PARALLEL_FROM else 1
        labels, real = make_pairs(split_seeds("test", args.count), size, layout, workers=workers)
        generated = render(netG, opt, labels, draw(args.count))
        real_scores, real_features = segmentation_scores(net, real, labels)
        fake_scores, fake_features = segmentation_scores(net, generated, labels)
        sets[layout] = {
            "generated": fake_scores, "real": real_scores,
            "miou_ratio": fake_scores["miou"] / max(real_scores["miou"], 1e-9),
            "texture": texture_scores(generated, real, labels, margin),
            "segnet_fid": metrics.frechet_distance(real_features, fake_features),
        }
        if layout == "natural":
            baseline_features = segnet.predict(net, segnet.to_tensor(baseline_real))[1].numpy()
            sets[layout]["segnet_fid_real_vs_real"] = metrics.frechet_distance(real_features, baseline_features)
            variety = renders_under_latents(netG, opt, labels[:args.diversity_maps], args.latents, draw)
            diversity = float(np.mean([metrics.mean_pairwise_l1(v) for v in variety]))
            look_real = looks.predict(look_net, real)
            look_truth = looks.classes_of("test", args.count)
            look_generated = looks.predict(look_net, generated)
        sheets[layout] = sample_sheet(labels[:4], real[:4], renders_under_latents(netG, opt, labels[:4], 4, draw))

    sheet_path = args.model.with_suffix(".sheet.png")
    painted_path = args.model.with_suffix(".painted_sheet.png")
    Image.fromarray(sheets["natural"]).save(sheet_path)
    Image.fromarray(sheets["painted"]).save(painted_path)
    natural = sets["natural"]
    card = {
        "model": args.model.name,
        "name": config["name"],
        "generator": config["generator"],
        "encoder": config["encoder"],
        "palette": config["labels"]["palette"],
        "evaluation": {
            "test_maps": args.count,
            "test_seeds": [SPLIT_START["test"], SPLIT_START["test"] + args.count - 1],
            "layouts": "natural: procedural scenes; painted: the same seeds as studio-style canvases",
            "latents": f"{'the model style bank' if 'style_bank' in config else 'z ~ N(0, I)'}, torch seed {args.seed}",
            "segmenter": f"SegNet (Training/evaluation/segnet.py), {args.segnet_steps} steps on real procedural images",
            "look_classifier": f"LookNet (Training/evaluation/looks.py), {args.look_steps} steps on "
                               f"{args.look_pairs} real procedural images",
            "seconds": round(time.time() - began, 1),
        },
        "metrics": {
            # The natural split keeps the keys earlier cards had.
            "generated": natural["generated"],
            "real": natural["real"],
            "segnet_fid": natural["segnet_fid"],
            "segnet_fid_real_vs_real": natural["segnet_fid_real_vs_real"],
            "diversity_l1": diversity,
            "diversity_setup": f"{args.diversity_maps} maps x {args.latents} latents, mean pairwise L1 on a 0-1 scale",
            "natural": natural,
            "painted": sets["painted"],
            "looks": {
                "classes": list(looks.LOOKS),
                "data_shares": looks.shares(look_truth),
                "generated_shares": looks.shares(look_generated),
                "classifier_accuracy_on_real": float(np.mean(look_real == look_truth)),
                "setup": f"{args.count} test maps, one random latent each",
            },
        },
        "sheet": sheet_path.name,
        "painted_sheet": painted_path.name,
    }
    if args.ckpt is not None:
        state = torch.load(args.ckpt, map_location="cpu")
        card["training"] = {"checkpoint": str(args.ckpt), "step": state["step"], "options": state["args"]}
    card_path = args.model.with_suffix(".card.json")
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    return card


def evaluate_canvases(args, netG, config: dict, opt) -> dict:
    """Scores for label-map PNGs (grey or indexed, raw class ids) in a directory: no real image exists,
    so the segmenter's agreement with the painted labels, the texture inside class interiors and
    the diversity under random latents."""
    size = config["generator"]["crop_size"]
    paths = sorted(args.canvases.glob("*.png"))
    if not paths:
        raise ValueError(f"{args.canvases} holds no .png label maps")
    maps = []
    for path in paths:
        with Image.open(path) as image:
            if image.mode not in ("L", "P"):
                raise ValueError(f"{path}: a label map is an 8-bit grey or indexed PNG of class ids, not {image.mode}")
            values = np.asarray(image.resize((size, size), Image.NEAREST))
        if values.max() >= NUM_CLASSES:
            raise ValueError(f"{path}: label {values.max()} is not a landscape class (0..{NUM_CLASSES - 1})")
        maps.append(values)
    labels = np.stack(maps).astype(np.uint8)
    net = segnet.load_or_train(size, args.segnet_steps, args.data_dir, args.segnet_cache)
    variety = renders_under_latents(netG, opt, labels, args.latents, latent_draw(args, opt))
    first = variety[:, 0]
    scores, _ = segmentation_scores(net, first, labels)
    margin = max(1, round(4 * size / 256))
    result = {"canvases": len(paths), "generated": scores,
              "texture": {CLASSES[k].name if k != "all" else k: round(v, 4)
                          for k, v in metrics.texture(first, labels, TEXTURED, margin).items()},
              "diversity_l1": float(np.mean([metrics.mean_pairwise_l1(v) for v in variety])) if args.latents > 1 else None}
    out = args.canvases / "evaluation.sheet.png"
    Image.fromarray(np.concatenate([np.concatenate([colorize(l), *v[:4]], axis=1)
                                    for l, v in zip(labels[:8], variety[:8])], axis=0)).save(out)
    result["sheet"] = str(out)
    return result


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
    if args.canvases is not None:
        try:
            print(json.dumps(evaluate_canvases(args, netG, config, opt), indent=2))
        except ValueError as error:
            print(f"evaluate.py: {error}", file=sys.stderr)
            return 2
        return 0
    card = evaluate(args, netG, config, opt)
    print(json.dumps(card["metrics"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare training recipes on short runs with the same CPU budget each, and print the table
the README shows.

    /usr/bin/python3 Training/compare_recipes.py --budget 720 --out /tmp/recipes normal-16 most-16

Each candidate trains with train.py for `--budget` seconds of wall time on one thread, two
candidates at a time (one per core, so each gets the same CPU), from the same data, then is
scored on held-out validation pairs, natural and painted: texture ratio (gradient magnitude
inside class interiors, generated / real), the encoder→generator reconstruction L1 and, with
the cached evaluation segmenter (--segnet-steps), the mIoU ratio generated / real.
"""

import argparse
import subprocess
import sys
from pathlib import Path

import torch

import evaluate
from evaluation import segnet
from landscape import make_pairs, split_seeds
from spade.model_file import load_model_file
from spade.models import labels_to_input
from trainer.options import DEFAULT_DATA

HERE = Path(__file__).resolve().parent

#: name → train.py options that differ from the common ones.
RECIPES = {
    "normal-16": ["--upsampling", "normal", "--ngf", "16", "--spade-hidden", "32"],
    "most-16": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32"],
    "most-24": ["--upsampling", "most", "--ngf", "24", "--spade-hidden", "32"],
    "most-16-oasis": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32", "--discriminator", "oasis"],
    "most-16-from64": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32",
                       "--init-from", str(HERE.parent / "Assets" / "landscape64.safetensors")],
    "most-16-from64-noL1": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32", "--lambda-l1", "0",
                            "--init-from", str(HERE.parent / "Assets" / "landscape64.safetensors")],
    # From the first 256² default (2010 steps of most-16-from64): the plain recipe against noise
    # injection with the reconstruction compared after 4×4 pooling.
    "default-cont": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32",
                     "--init-from", str(HERE.parent / "Assets" / "landscape.safetensors")],
    "default-cont-noise-pool4": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32", "--noise",
                                 "--l1-pool", "4", "--init-from", str(HERE.parent / "Assets" / "landscape.safetensors")],
    "default-cont-noise": ["--upsampling", "most", "--ngf", "16", "--spade-hidden", "32", "--noise",
                           "--init-from", str(HERE.parent / "Assets" / "landscape.safetensors")],
    "normal-16-oasis": ["--upsampling", "normal", "--ngf", "16", "--spade-hidden", "32", "--discriminator", "oasis"],
}


def train(name: str, args) -> subprocess.Popen:
    run = args.out / name
    command = [sys.executable, str(HERE / "train.py"), "--name", name, "--size", str(args.size),
               "--batch", str(args.batch), "--train-pairs", str(args.train_pairs), "--threads", "1",
               "--time-budget", str(args.budget), "--data-dir", str(args.data_dir), "--ckpt-dir", str(run),
               "--export", str(run / "model.safetensors"), "--log-every", "50", *RECIPES[name]]
    run.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, stdout=open(run / "train.log", "w"), stderr=subprocess.STDOUT)


@torch.no_grad()
def score(model: Path, size: int, count: int, net) -> dict:
    netG, netE, _, opt = load_model_file(model)
    result = {}
    for layout in ("natural", "painted"):
        labels, real = make_pairs(split_seeds("val", count), size, layout, workers=2)
        generated = evaluate.render(netG, opt, labels, torch.randn(count, opt.z_dim, generator=torch.Generator().manual_seed(0)))
        images = segnet.to_tensor(real)
        rebuilt = netG(labels_to_input(torch.from_numpy(labels).long(), None, opt), netE(images)[0])
        result[layout] = {"texture": evaluate.texture_scores(generated, real, labels, max(1, size // 64))["ratio"],
                          "l1": float((rebuilt - images).abs().mean() / 2)}
        if net is not None:
            fake, _ = evaluate.segmentation_scores(net, generated, labels)
            true, _ = evaluate.segmentation_scores(net, real, labels)
            result[layout]["miou_ratio"] = fake["miou"] / true["miou"]
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("candidates", nargs="+", choices=sorted(RECIPES))
    p.add_argument("--budget", type=float, default=720, help="wall seconds of training per candidate")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--train-pairs", type=int, default=6000)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--count", type=int, default=32, help="validation pairs of each layout kind")
    p.add_argument("--segnet-steps", type=int, default=None, help="use the cached segmenter of this many steps")
    p.add_argument("--score-only", action="store_true", help="score the exports already in --out")
    args = p.parse_args(argv)
    if not args.score_only:
        for first in range(0, len(args.candidates), 2):
            for process in [train(name, args) for name in args.candidates[first:first + 2]]:
                process.wait()
    torch.set_num_threads(2)
    net = None
    if args.segnet_steps:
        net = segnet.load_or_train(args.size, args.segnet_steps, args.data_dir)
    print("| recipe | steps in budget | texture ratio natural / painted | reconstruction L1 natural / painted"
          + (" | mIoU ratio natural / painted" if net is not None else "") + " |")
    print("|---|---|---|---" + ("|---" if net is not None else "") + "|")
    for name in args.candidates:
        run = args.out / name
        steps = torch.load(run / "latest.pt", map_location="cpu")["step"]
        s = score(run / "model.safetensors", args.size, args.count, net)
        row = (f"| {name} | {steps} | {s['natural']['texture']:.2f} / {s['painted']['texture']:.2f} "
               f"| {s['natural']['l1']:.3f} / {s['painted']['l1']:.3f}")
        if net is not None:
            row += f" | {s['natural']['miou_ratio']:.2f} / {s['painted']['miou_ratio']:.2f}"
        print(row + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

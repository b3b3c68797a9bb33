"""How much of a photograph's style reaches a render: encode each photo with the model's style
encoder (the studio's `y`), render an example canvas under its latent, and compare what a person
sees first — brightness, warmth (red − blue), colourfulness — of photo and render, with the look
classifier's name for the render.

    /usr/bin/python3 Training/style_from_photos.py --model Assets/landscape.safetensors PHOTO... \\
        [--canvas Assets/examples/lake.png] [--sheet photos_sheet.png]

Debian's plasma-workspace-wallpapers holds photographs of several times of day (EveningGlow, MilkyWay,
Altai, BytheWater, …); nothing here downloads them.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from evaluation import looks as look_eval
from name_looks import colour_measures
from spade.model_file import load_with_encoder
from spade.models import labels_to_input
from trainer.options import DEFAULT_DATA

ROOT = Path(__file__).resolve().parents[1]


@torch.no_grad()
def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("photos", type=Path, nargs="+")
    p.add_argument("--canvas", type=Path, default=ROOT / "Assets" / "examples" / "lake.png")
    p.add_argument("--sheet", type=Path, default=None, help="write photo | render rows here")
    args = p.parse_args(argv)
    loaded = load_with_encoder(args.model, "photos cannot give it a style")
    if loaded is None:
        return 2
    netG, netE, config, opt = loaded
    size = config["generator"]["crop_size"]
    labels = np.asarray(Image.open(args.canvas).resize((size, size), Image.NEAREST))
    seg = labels_to_input(torch.from_numpy(labels.astype(np.int64))[None], None, opt)
    classifier = look_eval.load_or_train(size, DEFAULT_DATA)
    rows = []
    print("photo | brightness photo → render | warmth | colourfulness | render's look")
    for path in args.photos:
        photo = np.asarray(Image.open(path).convert("RGB").resize((size, size), Image.BICUBIC))
        mu, _ = netE(torch.from_numpy(photo.copy()).permute(2, 0, 1)[None].float() / 127.5 - 1)
        render = ((netG(seg, mu).clamp(-1, 1) + 1) * 127.5).round().byte()[0].permute(1, 2, 0).numpy()
        a, b = colour_measures(photo), colour_measures(render)
        look = look_eval.LOOKS[look_eval.predict(classifier, render[None])[0]]
        print(f"{path.stem} | {a['brightness']:.2f} → {b['brightness']:.2f} | {a['warmth']:+.2f} → {b['warmth']:+.2f} | "
              f"{a['colourfulness']:.2f} → {b['colourfulness']:.2f} | {look}")
        rows.append(np.concatenate([photo, render], axis=1))
    if args.sheet:
        Image.fromarray(np.concatenate(rows, axis=0)).save(args.sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main())

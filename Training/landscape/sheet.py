"""Contact sheet of procedural pairs (label colours | image), for looking at the data.

    /usr/bin/python3 -m landscape.sheet --out /tmp/landscape_sheet.png --count 16 --size 128
"""

import argparse

import numpy as np
from PIL import Image

from .classes import colorize
from .dataset import make_pair, split_seeds


def contact_sheet(seeds, size: int, columns: int = 4) -> np.ndarray:
    """RGB sheet: each tile is a label picture beside its rendered image, 2 px gutters."""
    tiles = []
    for seed in seeds:
        labels, image = make_pair(seed, size)
        tiles.append(np.concatenate([colorize(labels), np.full((size, 2, 3), 255, np.uint8), image], axis=1))
    blank = np.full_like(tiles[0], 255)
    tiles += [blank] * (-len(tiles) % columns)
    gutter = np.full((tiles[0].shape[0], 6, 3), 255, np.uint8)
    rows = [np.concatenate(sum(([t, gutter] for t in tiles[i:i + columns]), [])[:-1], axis=1)
            for i in range(0, len(tiles), columns)]
    spacer = np.full((6, rows[0].shape[1], 3), 255, np.uint8)
    return np.concatenate(sum(([r, spacer] for r in rows), [])[:-1], axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/landscape_sheet.png")
    parser.add_argument("--count", type=int, default=16)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--split", default="train")
    parser.add_argument("--start", type=int, default=0, help="first pair of the split")
    args = parser.parse_args()
    sheet = contact_sheet(split_seeds(args.split, args.count, args.start), args.size)
    Image.fromarray(sheet).save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

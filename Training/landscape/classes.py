"""The landscape label set: raw label values, COCO-Stuff correspondence, label colours, hotkeys.

This table is the source of `Palettes/landscape.json` (see `palette()`); a test keeps the
two identical. COCO-Stuff ids are the 0-indexed ones SPADE's coco mode uses
(0 = person ... 181 = wood), so a landscape map can be re-encoded for a COCO model.
"""

from dataclasses import dataclass
import json
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LabelClass:
    id: int
    name: str
    coco_stuff_id: int
    coco_stuff_name: str
    color: tuple  # (r, g, b) label-map colour, 0-255
    hotkey: str


SKY, CLOUDS, MOUNTAIN, HILL, ROCK, SNOW, TREE, BUSH, GRASS, FLOWER, SAND, SEA, RIVER, LAKE, DIRT = range(15)

_HOTKEYS = "1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_TABLE = [
    # name, COCO-Stuff id, COCO-Stuff name, label colour
    ("sky", 156, "sky-other", (135, 200, 245)),
    ("clouds", 105, "clouds", (200, 200, 225)),
    ("mountain", 134, "mountain", (125, 100, 90)),
    ("hill", 126, "hill", (160, 175, 80)),
    ("rock", 149, "rock", (110, 110, 110)),
    ("snow", 158, "snow", (250, 250, 250)),
    ("tree", 168, "tree", (25, 95, 35)),
    ("bush", 96, "bush", (80, 140, 50)),
    ("grass", 123, "grass", (125, 215, 85)),
    ("flower", 118, "flower", (235, 105, 185)),
    ("sand", 153, "sand", (235, 215, 155)),
    ("sea", 154, "sea", (20, 55, 160)),
    ("river", 147, "river", (60, 130, 225)),
    ("lake", 177, "water-other", (40, 175, 200)),
    ("dirt", 110, "dirt", (145, 90, 45)),
]

CLASSES = tuple(
    LabelClass(i, name, coco, coco_name, color, _HOTKEYS[i])
    for i, (name, coco, coco_name, color) in enumerate(_TABLE)
)
NUM_CLASSES = len(CLASSES)
WATER = (SEA, RIVER, LAKE)
#: Classes with a texture of their own, whose interiors the texture metric measures.
TEXTURED = (GRASS, TREE, MOUNTAIN, ROCK, SAND, SEA, BUSH)

PALETTE_PATH = Path(__file__).resolve().parents[2] / "Palettes" / "landscape.json"

_COLORS = np.array([c.color for c in CLASSES], np.uint8)


def colorize(labels: np.ndarray) -> np.ndarray:
    """RGB picture of a label map (H×W raw values) in the palette's label colours."""
    return _COLORS[labels]


def palette() -> dict:
    """The palette document the studio reads: raw ids 0..N-1, no dontcare value."""
    return {
        "name": "landscape",
        "description": "Procedural landscapes (Training/landscape): 15 outdoor classes, "
                       "each mapped to its COCO-Stuff class.",
        "dontcare": None,
        "classes": [
            {"id": c.id, "name": c.name, "color": list(c.color), "hotkey": c.hotkey,
             "coco_stuff_id": c.coco_stuff_id, "coco_stuff_name": c.coco_stuff_name}
            for c in CLASSES
        ],
    }


def palette_text() -> str:
    """`palette()` as the exact text stored in Palettes/landscape.json (one class per line)."""
    doc = palette()
    head = {k: v for k, v in doc.items() if k != "classes"}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    lines.append('  "classes": [')
    entries = [f"    {json.dumps(c)}" for c in doc["classes"]]
    lines.append(",\n".join(entries))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"

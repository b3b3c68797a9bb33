"""Class names for a model file, taken from the app's palette files.

A palette (Palettes/<name>.json) is `{"name": ..., "classes": [{"id", "name",
"color", "hotkey"}]}` where `id` is the raw label value the app paints.
"""

import json
from pathlib import Path

from .labels import LabelEncoding

PALETTE_DIR = Path(__file__).resolve().parents[2] / "Palettes"

#: The palette file each official dataset mode is painted with.
DATASET_PALETTES = {"ade20k": "ade20k.json", "coco": "coco_stuff.json", "cityscapes": "cityscapes.json"}


def class_names(palette_file: str, encoding: LabelEncoding, palette_dir: Path = PALETTE_DIR) -> list:
    """One name per channel 0..label_nc-1.

    Channel c holds raw value c - value_offset, so that palette id is looked
    up; a missing palette file or id gives the generic name `class_<c>`.
    """
    path = Path(palette_dir) / palette_file
    by_id = {}
    if path.exists():
        with open(path) as f:
            by_id = {entry["id"]: entry["name"] for entry in json.load(f)["classes"]}
    return [by_id.get(channel - encoding.value_offset, f"class_{channel}")
            for channel in range(encoding.label_nc)]

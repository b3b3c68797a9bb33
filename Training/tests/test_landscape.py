"""The procedural landscape dataset: determinism, coverage, splits, palette, cache."""

import json
from pathlib import Path

import numpy as np
import pytest

from landscape import CLASSES, NUM_CLASSES, load_split, make_pair, split_seeds
from landscape.classes import PALETTE_PATH, palette_text

COCO_PALETTE = Path(PALETTE_PATH).parent / "coco_stuff.json"


def test_a_seed_always_gives_the_same_pair():
    labels, image = make_pair(1234, 64)
    again_labels, again_image = make_pair(1234, 64)
    assert np.array_equal(labels, again_labels) and np.array_equal(image, again_image)
    other_labels, other_image = make_pair(1235, 64)
    assert not np.array_equal(image, other_image)


def test_pair_shapes_types_and_label_range():
    labels, image = make_pair(7, 96)
    assert labels.shape == (96, 96) and labels.dtype == np.uint8
    assert image.shape == (96, 96, 3) and image.dtype == np.uint8
    assert labels.max() < NUM_CLASSES
    assert image.std() > 10  # a picture, not a flat fill


def test_every_class_appears_across_a_hundred_scenes():
    seen = np.zeros(NUM_CLASSES, bool)
    for seed in split_seeds("train", 100):
        seen[np.unique(make_pair(seed, 64)[0])] = True
    missing = [c.name for c in CLASSES if not seen[c.id]]
    assert not missing, f"classes never drawn: {missing}"


def test_sky_is_on_top_and_land_or_water_at_the_bottom():
    for seed in range(20):
        labels, _ = make_pair(seed, 64)
        assert labels[0].tolist().count(0) + labels[0].tolist().count(1) > 0  # sky or clouds in the top row
        assert not np.isin(labels[-1], (0, 1)).any()


def test_splits_are_disjoint_and_bounded():
    train, val, test = (set(split_seeds(s, 1000)) for s in ("train", "val", "test"))
    assert not (train & val) and not (train & test) and not (val & test)
    assert split_seeds("val", 5, start=3) == range(split_seeds("val", 1)[0] + 3, split_seeds("val", 1)[0] + 8)
    with pytest.raises(ValueError):
        split_seeds("holdout", 1)
    with pytest.raises(ValueError):
        split_seeds("train", 10, start=10_000_000 - 5)


def test_palette_file_matches_the_class_table():
    assert PALETTE_PATH.read_text() == palette_text()
    doc = json.loads(PALETTE_PATH.read_text())
    assert doc["dontcare"] is None
    assert [c["id"] for c in doc["classes"]] == list(range(NUM_CLASSES))
    assert len({c["hotkey"] for c in doc["classes"]}) == NUM_CLASSES
    assert all(not c["hotkey"].islower() for c in doc["classes"])
    assert len({tuple(c["color"]) for c in doc["classes"]}) == NUM_CLASSES


def test_coco_stuff_ids_and_names_agree_with_the_coco_palette():
    coco = {c["id"]: c["name"] for c in json.loads(COCO_PALETTE.read_text())["classes"]}
    for c in CLASSES:
        assert coco[c.coco_stuff_id] == c.coco_stuff_name, c.name


def test_split_cache_round_trips(tmp_path):
    labels, images = load_split("val", 3, 32, tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 1
    cached_labels, cached_images = load_split("val", 3, 32, tmp_path)
    assert np.array_equal(labels, cached_labels) and np.array_equal(images, cached_images)
    assert np.array_equal(labels[1], make_pair(split_seeds("val", 3)[1], 32)[0])

"""The procedural landscape dataset: determinism, coverage, splits, palette, cache."""

import json
from pathlib import Path

import numpy as np
import pytest

from landscape import CLASSES, NUM_CLASSES, load_split, make_pair, make_pairs, split_seeds
from landscape.classes import PALETTE_PATH, palette_text
from landscape.dataset import look_of
from landscape.painted import _polygon, _segment_distance, make_painted_layout
from landscape.canvas import Canvas
from evaluation.looks import LOOKS, look_class

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


def test_natural_scenes_have_sky_on_top_and_land_or_water_at_the_bottom():
    for seed in range(20):
        labels, _ = make_pair(seed, 64, "natural")
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


def test_the_seed_chooses_natural_or_painted_layouts_and_either_can_be_forced():
    natural, painted = make_pair(5, 64, "natural")[0], make_pair(5, 64, "painted")[0]
    assert not np.array_equal(natural, painted)
    assert any(np.array_equal(make_pair(5, 64)[0], kind) for kind in (natural, painted))
    kinds = {np.array_equal(make_pair(s, 32)[0], make_pair(s, 32, "painted")[0]) for s in range(12)}
    assert kinds == {True, False}  # both kinds occur
    with pytest.raises(ValueError):
        make_pair(5, 64, "abstract")


def test_painted_canvases_are_deterministic_and_hold_several_classes():
    counts = []
    for seed in range(10):
        a = make_painted_layout(np.random.default_rng(seed), 64, 1.0)
        b = make_painted_layout(np.random.default_rng(seed), 64, 1.0)
        assert np.array_equal(a.labels, b.labels) and np.array_equal(a.depth, b.depth)
        counts.append(len(np.unique(a.labels)))
    assert min(counts) >= 2 and np.mean(counts) >= 3.5


def test_painted_shapes_cover_the_pixels_they_should():
    c = Canvas(32, np.random.default_rng(0), horizon=0.5)
    triangle = _polygon(c, [0, 32, 0], [0, 0, 32])  # the half above the anti-diagonal
    assert abs(triangle.sum() - 32 * 32 / 2) <= 32
    assert triangle[0, 0] and not triangle[31, 31]
    brush = _segment_distance(c, (4.5, 16.5), (27.5, 16.5)) <= 3  # a horizontal stroke, 6 px wide
    assert brush[16, 4:28].all() and not brush[10].any() and brush[:, 16].sum() == 7


def test_parallel_generation_and_larger_caches_give_the_same_pairs(tmp_path):
    one = make_pairs(split_seeds("val", 4), 32)
    two = make_pairs(split_seeds("val", 4), 32, workers=2)
    assert all(np.array_equal(a, b) for a, b in zip(one, two))
    load_split("val", 6, 32, tmp_path)
    labels, images = load_split("val", 4, 32, tmp_path)  # served by the 6-pair file
    assert len(list(tmp_path.glob("*.npz"))) == 1
    assert np.array_equal(labels, one[0]) and np.array_equal(images, one[1])


def test_every_look_occurs_and_the_seed_tells_which():
    classes = [look_class(look_of(seed)) for seed in split_seeds("train", 300)]
    assert set(classes) == set(range(len(LOOKS)))
    # look_of names the look make_pair rendered: night pictures are the darkest, clear days brighter.
    seeds = list(split_seeds("train", 60))
    brightness = {i: [] for i in range(len(LOOKS))}
    for seed in seeds:
        brightness[look_class(look_of(seed))].append(make_pair(seed, 32)[1].mean())
    assert max(brightness[0]) < np.mean(brightness[2])

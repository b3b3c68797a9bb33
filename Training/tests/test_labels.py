"""Raw label values → channels, per dataset mode, and class names from palettes."""

import json

import numpy as np
import pytest

from conftest import tiny_options
from spade.labels import DATASET_MODES, LabelEncoding, label_encoding, raw_to_channels
from spade.palettes import class_names


def test_ade20k_shifts_down_and_sends_zero_to_dontcare():
    ade = DATASET_MODES["ade20k"]
    assert raw_to_channels(np.array([0, 1, 150]), ade).tolist() == [150, 0, 149]
    with pytest.raises(ValueError):
        raw_to_channels(np.array([255]), ade)  # the official loader would make this class 149


def test_coco_keeps_values_and_sends_255_to_dontcare():
    coco = DATASET_MODES["coco"]
    assert raw_to_channels(np.array([0, 181, 255]), coco).tolist() == [0, 181, 182]
    with pytest.raises(ValueError):
        raw_to_channels(np.array([182]), coco)


def test_cityscapes_has_no_dontcare():
    city = DATASET_MODES["cityscapes"]
    assert city.semantic_nc == 36
    assert raw_to_channels(np.array([0, 34]), city).tolist() == [0, 34]
    with pytest.raises(ValueError):
        raw_to_channels(np.array([255]), city)


def test_semantic_nc_of_official_modes():
    assert {m: e.semantic_nc for m, e in DATASET_MODES.items()} == {"ade20k": 151, "coco": 184, "cityscapes": 36}


def test_options_imply_the_encoding_of_their_dataset_mode():
    assert label_encoding(tiny_options()) == DATASET_MODES["ade20k"]
    own = label_encoding(tiny_options(dataset_mode="landscape", label_nc=12, contain_dontcare_label=False))
    assert (own.value_offset, own.dontcare_values, own.semantic_nc) == (0, (), 12)


def test_class_names_follow_palette_ids_and_fall_back_to_generic_names(tmp_path):
    palette = {"name": "t", "classes": [{"id": 1, "name": "wall", "color": [1, 2, 3], "hotkey": "w"},
                                        {"id": 3, "name": "sky", "color": [0, 0, 9], "hotkey": "s"}]}
    (tmp_path / "t.json").write_text(json.dumps(palette))
    ade_like = LabelEncoding(3, True, False, -1, (0,))
    assert class_names("t.json", ade_like, tmp_path) == ["wall", "class_1", "sky"]
    assert class_names("missing.json", ade_like, tmp_path) == ["class_0", "class_1", "class_2"]

"""evaluate.py: its metrics on inputs with known answers, and a whole run on a tiny model."""

import json

import numpy as np
import pytest

import evaluate
import train
from evaluation import metrics


def test_confusion_miou_and_accuracy():
    truth = np.array([[0, 0, 1, 1]])
    predicted = np.array([[0, 1, 1, 1]])
    matrix = metrics.confusion(predicted, truth, 3)
    assert matrix.tolist() == [[1, 1, 0], [0, 2, 0], [0, 0, 0]]
    assert metrics.pixel_accuracy(matrix) == pytest.approx(0.75)
    assert metrics.mean_iou(matrix) == pytest.approx((1 / 2 + 2 / 3) / 2)  # class 2 absent: not averaged


def test_frechet_distance_is_zero_for_one_set_and_grows_with_a_shift():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(500, 4))
    assert metrics.frechet_distance(a, a) == pytest.approx(0, abs=1e-6)
    assert metrics.frechet_distance(a, a + 2.0) == pytest.approx(16.0, rel=1e-6)  # ‖μ shift‖² = 4·2²


def test_pairwise_l1_of_renders():
    renders = np.stack([np.zeros((2, 2, 3)), np.full((2, 2, 3), 255), np.full((2, 2, 3), 255)]).astype(np.uint8)
    assert metrics.mean_pairwise_l1(renders) == pytest.approx(2 / 3)


def test_evaluate_writes_a_card_and_a_sheet_next_to_the_model(tmp_path):
    model = tmp_path / "m.safetensors"
    data = str(tmp_path / "data")
    assert train.main(["--size", "32", "--steps", "1", "--batch", "2", "--train-pairs", "8", "--threads", "1",
                       "--data-dir", data, "--ckpt-dir", str(tmp_path / "run"), "--export", str(model)]) == 0
    assert evaluate.main(["--model", str(model), "--ckpt", str(tmp_path / "run" / "latest.pt"), "--count", "12",
                          "--diversity-maps", "2", "--latents", "3", "--segnet-steps", "3", "--look-steps", "3", "--look-pairs", "16",
                          "--segnet-cache", str(tmp_path / "segnet"), "--data-dir", data]) == 0
    card = json.loads((tmp_path / "m.card.json").read_text())
    scores = card["metrics"]
    assert 0 <= scores["generated"]["miou"] <= 1 and 0 <= scores["real"]["pixel_accuracy"] <= 1
    assert scores["segnet_fid"] >= 0 and scores["diversity_l1"] > 0
    assert card["training"]["step"] == 1 and card["sheet"] == "m.sheet.png"
    assert (tmp_path / "m.sheet.png").stat().st_size > 0
    assert list((tmp_path / "segnet").glob("segnet-32px-3steps.pt"))
    assert evaluate.main(["--model", str(tmp_path / "missing.safetensors")]) == 2

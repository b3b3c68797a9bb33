"""singan.py: the pyramid, a tiny training run that resumes, and the exported file rendering what
the trained networks render."""

import numpy as np
import pytest
import torch
from PIL import Image

import singan


def test_pyramid_is_coarse_to_fine_by_three_quarters_and_keeps_the_aspect_ratio():
    sizes = singan.pyramid_sizes(300, 400, 128)
    assert sizes[-1] == (96, 128) and min(sizes[0]) >= 25 and min(sizes[0]) * 0.75 < 25
    assert all(abs(b[1] / a[1] - 1 / 0.75) < 0.1 for a, b in zip(sizes, sizes[1:]))
    with pytest.raises(ValueError, match="smaller than the coarsest scale"):
        singan.pyramid_sizes(20, 200, 128)


def test_a_tiny_run_resumes_exports_and_its_file_renders_the_reconstruction(tmp_path, capsys):
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:40, 0:48]
    photo = np.stack([x * 5, y * 6, (x + y) * 3], -1) + rng.integers(0, 30, (40, 48, 3))
    Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)).save(tmp_path / "photo.png")
    out = tmp_path / "m.safetensors"
    common = ["--image", str(tmp_path / "photo.png"), "--out", str(out), "--max-size", "32", "--min-size", "16",
              "--iters", "2", "--threads", "1"]
    assert singan.main(common + ["--time-budget", "0"]) == 0   # stops after the first scale
    first, sizes, _, _, _ = singan.load_model(out)
    expected_sizes = singan.pyramid_sizes(40, 48, 32, 16)
    assert len(first) == 1 and expected_sizes == [(20, 24), (27, 32)]
    assert singan.main(common) == 0                            # resumes at scale 2
    generators, sizes, amplitudes, rec_noise, config = singan.load_model(out)
    assert sizes == expected_sizes and len(generators) == 2 and config["kind"] == "singan"
    assert amplitudes[0] == 1.0 and all(0 < a < 1 for a in amplitudes[1:])
    state = torch.load(tmp_path / "m.run" / "latest.pt")
    trained = []
    for n, weights in enumerate(state["generators"]):
        g = singan.Stage(singan.channels(n), 3, True)
        g.load_state_dict(weights)
        trained.append(g.eval())
    zeros = [rec_noise] + [torch.zeros(1, 3, *s) for s in sizes[1:]]
    with torch.no_grad():
        expected = singan.generate(trained, sizes, amplitudes, zeros)
        got = singan.generate(generators, sizes, amplitudes, zeros)
    assert got.shape == (1, 3, 27, 32)
    assert (got - expected).abs().max() < 1e-5, "folding batch norm into the convs changed the render"
    with Image.open(tmp_path / "m.sheet.png") as sheet:
        assert sheet.size == (5 * 32, 2 * 27), "a row per scale: the reconstruction and four samples"
    assert singan.main(["--image", str(tmp_path / "missing.png"), "--out", str(out)]) == 2
    (tmp_path / "text.png").write_text("not an image")
    assert singan.main(["--image", str(tmp_path / "text.png"), "--out", str(tmp_path / "x.safetensors")]) == 2
    assert not (tmp_path / "x.safetensors").exists()
    Image.fromarray(np.zeros((12, 16, 3), np.uint8)).save(tmp_path / "tiny.png")
    capsys.readouterr()
    assert singan.main(["--image", str(tmp_path / "tiny.png"), "--out", str(tmp_path / "x.safetensors")]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith(f"singan.py: {tmp_path / 'tiny.png'}: the image is 16×12"), error
    assert "smaller than the coarsest scale" in error[0]
    assert not (tmp_path / "x.safetensors").exists()


def test_the_palette_is_the_photographs_colours_named_by_colour_and_place():
    image = np.zeros((30, 40, 3), np.uint8)
    image[:20] = (130, 180, 230)          # sky blue, the top two thirds
    image[20:, :24] = (60, 150, 60)       # green, bottom left (more pixels than brown)
    image[20:, 24:] = (120, 80, 45)       # brown, bottom right
    colours = singan.palette(image, count=8)
    assert [c["name"] for c in colours] == ["sky blue, top", "green, bottom left", "brown, bottom right"]
    assert colours[0]["rgb"] == [130, 180, 230]


def test_paint_to_image_starts_from_the_painting_at_the_injection_scale():
    sizes = [(8, 10), (11, 14), (15, 19)]
    torch.manual_seed(0)
    stages = [singan.Stage(8, 3, True).eval() for _ in sizes]
    painting = torch.rand(1, 3, 12, 12) * 2 - 1
    noises = singan.seeded_noises(3, sizes, 1)
    assert [tuple(n.shape[2:]) for n in noises] == sizes[1:]
    with torch.no_grad():
        got = singan.generate(stages, sizes, [1, 0.1, 0.1], noises, 1, painting)
        x = singan.upsample(painting, sizes[1])
        x = x + stages[1](x + 0.1 * noises[0])
        x = singan.upsample(x, sizes[2])
        x = x + stages[2](x + 0.1 * noises[1])
    assert torch.equal(got, x)
    assert torch.equal(singan.seeded_noises(3, sizes)[1], noises[0]) is False, "noise is drawn from the first scale run"

#!/usr/bin/python3
"""Train a SinGAN (Shaham et al., ICCV 2019) on one photograph and export it for the engine.

    /usr/bin/python3 Training/singan.py --image PHOTO --out model.safetensors [--max-size 128]
        [--iters 500] [--time-budget SECONDS] [--device cpu|cuda] [--run DIR]

A pyramid of small fully convolutional GANs, coarse to fine (scale factor about 0.75, from about
25 px on the short side up to --max-size on the long side). Every scale n has a generator of five
3×3 conv layers (conv–batch norm–leaky ReLU 0.2, the last conv → tanh) that adds a residual to the
upsampled image of scale n−1: x_n = up(x_{n−1}) + G_n(up(x_{n−1}) + σ_n·z_n), and a patch
discriminator of the same shape trained with WGAN-GP (λ 0.1). A fixed noise map at the coarsest
scale (zero elsewhere) must reconstruct the photograph (MSE, weight 10); σ_n is 0.1 × the RMSE of
that reconstruction's upsampling against the photo at scale n, so each scale adds detail of the
size the previous one missed.

Two departures from the paper, both for the engine and the CPU: convs are padded to keep their size
(the paper pads the input by five pixels once), and resizes between scales are bilinear with
PyTorch's align_corners=False, pinned in the model file so the engine repeats them exactly.

Each finished scale is checkpointed in --run (default: beside --out), so a stopped run resumes at the
next scale. The model file holds every scale's folded weights (batch norm into the convs), the
scale sizes, the noise amplitudes and the coarsest reconstruction noise, with the config in the
safetensors metadata under `spade_studio_singan`.
"""

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spade.latent_prior import _normals, _splitmix64  # noqa: E402
from spade.safetensors_io import read_safetensors, write_safetensors  # noqa: E402

METADATA_KEY = "spade_studio_singan"
SCALE_FACTOR = 0.75
MIN_SIZE = 25
LAYERS = 5


def pyramid_sizes(height: int, width: int, max_size: int, min_size: int = MIN_SIZE) -> list:
    """(h, w) per scale, coarsest first: the finest fits max_size on its long side, each coarser
    one is SCALE_FACTOR smaller, down to min_size on the short side."""
    top = min(1.0, max_size / max(height, width))
    finest = (max(1, round(height * top)), max(1, round(width * top)))
    if min(finest) < min_size:
        raise ValueError(f"the image is {width}×{height}: at most {max_size} px it is smaller than the coarsest "
                         f"scale ({min_size} px on the short side)")
    count = 1 + int(math.floor(math.log(min_size / min(finest)) / math.log(SCALE_FACTOR)))
    return [(round(finest[0] * SCALE_FACTOR ** (count - 1 - n)), round(finest[1] * SCALE_FACTOR ** (count - 1 - n)))
            for n in range(count)]


def channels(scale: int) -> int:
    """32 channels, doubled every four scales, at most 128 (the paper's schedule)."""
    return min(32 * 2 ** (scale // 4), 128)


def _block(fin: int, fout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(fin, fout, 3, padding=1), nn.BatchNorm2d(fout), nn.LeakyReLU(0.2))


class Stage(nn.Module):
    """Five 3×3 convs; the generator's last one gives 3 channels through tanh, the discriminator's 1."""

    def __init__(self, width: int, out: int, tanh: bool):
        super().__init__()
        self.body = nn.Sequential(_block(3, width), *[_block(width, width) for _ in range(LAYERS - 2)])
        self.tail = nn.Conv2d(width, out, 3, padding=1)
        self.tanh = tanh

    def forward(self, x):
        y = self.tail(self.body(x))
        return torch.tanh(y) if self.tanh else y


def upsample(x: torch.Tensor, size) -> torch.Tensor:
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False)


def generate(generators, sizes, amplitudes, noises, start: int = 0, image: torch.Tensor = None) -> torch.Tensor:
    """The pyramid's image: each scale adds its residual to the previous one's upsampling.

    Random samples start at scale 0 from zeros. Paint-to-image starts at scale `start` from
    `image` (a painting in [−1, 1], resized bilinearly to that scale), so the scales from
    there on dress the painting's layout in the photograph's texture; `noises` then holds the
    noise maps of the scales from `start` on."""
    x = torch.zeros(noises[0].shape[0], 3, *sizes[0], device=noises[0].device) if image is None else image
    for n in range(start, len(generators)):
        x = upsample(x, sizes[n]) if n or image is not None else x
        x = x + generators[n](x + amplitudes[n] * noises[n - start])
    return x


def seeded_noises(seed: int, sizes, start: int = 0) -> list:
    """The noise maps the engine draws for `seed`: standard normals from the engine's seeded
    sampler (SplitMix64 + Box–Muller), scale by scale from `start`, each (1, 3, h, w)."""
    bits = _splitmix64(seed)
    return [torch.from_numpy(_normals(bits, 3 * h * w).reshape(1, 3, h, w)) for h, w in sizes[start:]]


def painting_tensor(painting: np.ndarray) -> torch.Tensor:
    """(H, W, 3) uint8 painting → (1, 3, H, W) in [−1, 1], as the engine reads it."""
    return torch.from_numpy(painting.astype(np.float32)).permute(2, 0, 1)[None] / 127.5 - 1


def gradient_penalty(d, real, fake) -> torch.Tensor:
    alpha = torch.rand(1, 1, 1, 1, device=real.device)
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(d(mixed).sum(), mixed, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


def load_photo(path: Path) -> torch.Tensor:
    """(1, 3, H, W) in [−1, 1]; one line naming the file when it is no image."""
    try:
        with Image.open(path) as image:
            rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not an image ({error})") from None
    return torch.from_numpy(rgb).permute(2, 0, 1)[None] / 127.5 - 1


def train_scale(n, real, generators, sizes, amplitudes, rec_noise, args, log) -> tuple:
    """Trains scale n's generator and discriminator; returns (generator, σ_n)."""
    device = real.device
    width = channels(n)
    g, d = Stage(width, 3, True).to(device), Stage(width, 1, False).to(device)
    if n and channels(n - 1) == width:  # the paper starts each scale from the previous one
        g.load_state_dict(generators[-1].state_dict())
    opt_g = torch.optim.Adam(g.parameters(), lr=args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=args.lr, betas=(0.5, 0.999))
    # The paper drops both learning rates tenfold for the last fifth of each scale's iterations.
    decay = [torch.optim.lr_scheduler.MultiStepLR(o, [int(0.8 * args.iters)], 0.1) for o in (opt_g, opt_d)]
    size = sizes[n]
    with torch.no_grad():
        if n == 0:
            previous_rec = torch.zeros_like(real)
            sigma = 1.0
        else:
            zeros = [rec_noise] + [torch.zeros(1, 3, *s, device=device) for s in sizes[1:n]]
            previous_rec = upsample(generate(generators, sizes[:n], amplitudes, zeros), size)
            sigma = 0.1 * float(torch.sqrt(F.mse_loss(previous_rec, real)))
    for step in range(1, args.iters + 1):
        with torch.no_grad():
            noises = [torch.randn(1, 3, *s, device=device) for s in sizes[:n]]
            previous = upsample(generate(generators, sizes[:n], amplitudes, noises), size) if n else torch.zeros_like(real)
        noise = torch.randn(1, 3, *size, device=device)
        for _ in range(3):
            fake = previous + g(previous + sigma * noise)
            loss_d = d(fake.detach()).mean() - d(real).mean() + 0.1 * gradient_penalty(d, real, fake.detach())
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
        for _ in range(3):
            fake = previous + g(previous + sigma * noise)
            base = rec_noise if n == 0 else torch.zeros_like(real)
            rec = previous_rec + g(previous_rec + sigma * base)
            loss_g = -d(fake).mean() + 10 * F.mse_loss(rec, real)
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
        for schedule in decay:
            schedule.step()
        if step % max(1, args.iters // 4) == 0 or step == args.iters:
            log(f"scale {n + 1}/{len(sizes)} {size[1]}×{size[0]} step {step}/{args.iters}: "
                f"D {loss_d.item():.3f} G {loss_g.item():.3f} rec {F.mse_loss(rec, real).item():.4f}")
    return g.eval(), sigma


def folded(stage: Stage, prefix: str) -> dict:
    """The stage's convs with batch norm folded in (eval statistics), as float32 tensors."""
    tensors = {}
    for i, block in enumerate(stage.body):
        conv, bn = block[0], block[1]
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        tensors[f"{prefix}.conv{i}.weight"] = conv.weight * scale[:, None, None, None]
        tensors[f"{prefix}.conv{i}.bias"] = (conv.bias - bn.running_mean) * scale + bn.bias
    tensors[f"{prefix}.conv{LAYERS - 1}.weight"] = stage.tail.weight
    tensors[f"{prefix}.conv{LAYERS - 1}.bias"] = stage.tail.bias
    return {k: v.detach().float().contiguous().cpu() for k, v in tensors.items()}


@torch.no_grad()
def sample_sheet(generators, sizes, amplitudes, rec_noise, path: Path, samples: int = 4) -> None:
    """One row per scale, each image upsampled to the finest size: the reconstruction up to that
    scale, then `samples` random samples up to it (their noise from the engine's seeds 1, 2, …,
    so `spade-studio render --seed N` shows sample N at full size)."""
    rows = []
    for n in range(len(generators)):
        zeros = [rec_noise] + [torch.zeros(1, 3, *s) for s in sizes[1:n + 1]]
        images = [generate(generators[:n + 1], sizes[:n + 1], amplitudes, zeros)]
        for seed in range(1, samples + 1):
            noises = seeded_noises(seed, sizes)[:n + 1]
            images.append(generate(generators[:n + 1], sizes[:n + 1], amplitudes, noises))
        rows.append(torch.cat([upsample(x, sizes[-1]) for x in images], dim=3))
    sheet = ((torch.cat(rows, dim=2)[0].clamp(-1, 1) + 1) * 127.5).round().byte().permute(1, 2, 0).numpy()
    Image.fromarray(sheet).save(path)


#: Names for the palette's colours: the nearest of these (in RGB) names a cluster.
COLOUR_NAMES = {
    "black": (20, 20, 20), "dark grey": (70, 70, 70), "grey": (128, 128, 128), "light grey": (190, 190, 190),
    "white": (245, 245, 245), "red": (200, 40, 40), "dark red": (120, 25, 25), "orange": (230, 130, 40),
    "brown": (120, 80, 45), "beige": (210, 190, 150), "yellow": (230, 210, 60), "olive": (120, 120, 50),
    "green": (60, 150, 60), "dark green": (30, 70, 35), "teal": (40, 130, 130), "sky blue": (130, 180, 230),
    "blue": (50, 90, 200), "navy": (25, 35, 90), "purple": (120, 60, 150), "pink": (230, 150, 180),
}


def palette(image: np.ndarray, count: int = 8, seed: int = 0) -> list:
    """The photograph's own colours for painting: k-means (k-means++ start, fixed seed) of the
    pixels of `image` (H, W, 3 uint8, the coarsest scale), as
    [{"name": "<colour>, <where>", "rgb": [r, g, b]}], most frequent first. A cluster's name is
    the nearest named colour and where its pixels sit (top/middle/bottom, left/centre/right)."""
    h, w, _ = image.shape
    pixels = image.reshape(-1, 3).astype(np.float64)
    count = min(count, len(np.unique(pixels, axis=0)))
    rng = np.random.default_rng(seed)
    centres = [pixels[rng.integers(len(pixels))]]
    for _ in range(1, count):
        d = ((pixels[:, None] - np.array(centres)[None]) ** 2).sum(2).min(1)
        centres.append(pixels[rng.choice(len(pixels), p=d / d.sum())])
    centres = np.array(centres)
    for _ in range(50):
        nearest = ((pixels[:, None] - centres[None]) ** 2).sum(2).argmin(1)
        moved = np.array([pixels[nearest == k].mean(0) if (nearest == k).any() else centres[k] for k in range(count)])
        if np.allclose(moved, centres):
            break
        centres = moved
    nearest = ((pixels[:, None] - centres[None]) ** 2).sum(2).argmin(1)
    ys, xs = np.divmod(np.arange(len(pixels)), w)
    entries, used = [], {}
    for k in np.argsort(-np.bincount(nearest, minlength=count), kind="stable"):
        rgb = [int(v) for v in np.clip(np.round(centres[k]), 0, 255)]
        colour = min(COLOUR_NAMES, key=lambda n: sum((a - b) ** 2 for a, b in zip(COLOUR_NAMES[n], rgb)))
        mask = nearest == k
        row = ("top", "middle", "bottom")[min(2, int(3 * ys[mask].mean() / h))]
        column = ("left", "centre", "right")[min(2, int(3 * xs[mask].mean() / w))]
        where = {("middle", "centre"): "centre"}.get((row, column)) or (
            row if column == "centre" else column if row == "middle" else f"{row} {column}")
        name = f"{colour}, {where}"
        used[name] = used.get(name, 0) + 1
        entries.append({"name": name if used[name] == 1 else f"{name} {used[name]}", "rgb": rgb})
    return entries


def export(path: Path, generators, sizes, amplitudes, rec_noise, photo: Path, colours: list) -> dict:
    config = {"format": 1, "kind": "singan", "name": photo.stem, "photo": photo.name, "palette": colours,
              "scales": [{"height": h, "width": w, "channels": channels(n), "noise_amplitude": amplitudes[n]}
                         for n, (h, w) in enumerate(sizes)],
              "layers": LAYERS, "leaky_relu": 0.2, "resize": "bilinear, align_corners=False"}
    tensors = {"reconstruction_noise": rec_noise[0].float().contiguous().cpu()}
    for n, g in enumerate(generators):
        tensors.update(folded(g, f"scale{n}"))
    tmp = path.with_suffix(path.suffix + ".tmp")
    write_safetensors(tmp, tensors, {METADATA_KEY: json.dumps(config)})
    tmp.replace(path)
    return config


class FoldedStage(nn.Module):
    """A generator stage as the model file holds it: five plain convs (batch norm folded)."""

    def __init__(self, tensors: dict, prefix: str):
        super().__init__()
        self.convs = nn.ModuleList()
        for i in range(LAYERS):
            weight = tensors[f"{prefix}.conv{i}.weight"]
            conv = nn.Conv2d(weight.shape[1], weight.shape[0], 3, padding=1)
            conv.weight.data, conv.bias.data = weight.float(), tensors[f"{prefix}.conv{i}.bias"].float()
            self.convs.append(conv)

    def forward(self, x):
        for conv in self.convs[:-1]:
            x = F.leaky_relu(conv(x), 0.2)
        return torch.tanh(self.convs[-1](x))


def load_model(path: Path) -> tuple:
    """(generators, sizes, amplitudes, reconstruction noise, config) from a model file."""
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata[METADATA_KEY])
    sizes = [(s["height"], s["width"]) for s in config["scales"]]
    amplitudes = [s["noise_amplitude"] for s in config["scales"]]
    generators = [FoldedStage(tensors, f"scale{n}").eval() for n in range(len(sizes))]
    return generators, sizes, amplitudes, tensors["reconstruction_noise"].float()[None], config


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--image", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--max-size", type=int, default=128, help="long side of the finest scale in pixels")
    p.add_argument("--min-size", type=int, default=MIN_SIZE, help="short side of the coarsest scale in pixels")
    p.add_argument("--iters", type=int, default=500, help="iterations per scale (each: 3 D and 3 G steps)")
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="stop after the scale that ends past this many seconds (the export has the scales so far)")
    p.add_argument("--run", type=Path, default=None, help="checkpoint folder (default: <out>.run)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        photo = load_photo(args.image)
    except ValueError as error:
        print(f"singan.py: {error}", file=sys.stderr)
        return 2
    try:
        sizes = pyramid_sizes(photo.shape[2], photo.shape[3], args.max_size, args.min_size)
    except ValueError as error:
        print(f"singan.py: {args.image}: {error}", file=sys.stderr)
        return 2
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    reals = [F.interpolate(photo, size=s, mode="area").to(device) for s in sizes]
    run = args.run or args.out.with_suffix(".run")
    run.mkdir(parents=True, exist_ok=True)
    checkpoint = run / "latest.pt"
    generators, amplitudes = [], []
    rec_noise = torch.randn(1, 3, *sizes[0], device=device)
    if checkpoint.exists():
        state = torch.load(checkpoint, map_location=device)
        if state["sizes"] != sizes:
            print(f"singan.py: {checkpoint} was trained for other scales {state['sizes']}", file=sys.stderr)
            return 2
        rec_noise, amplitudes = state["rec_noise"], state["amplitudes"]
        for n, weights in enumerate(state["generators"]):
            g = Stage(channels(n), 3, True).to(device)
            g.load_state_dict(weights)
            generators.append(g.eval())
        print(f"resuming at scale {len(generators) + 1}/{len(sizes)}", flush=True)
    began = time.time()
    log = lambda line: print(f"{line} ({time.time() - began:.0f} s)", flush=True)  # noqa: E731
    for n in range(len(generators), len(sizes)):
        g, sigma = train_scale(n, reals[n], generators, sizes, amplitudes, rec_noise, args, log)
        generators.append(g)
        amplitudes.append(sigma)
        torch.save({"sizes": sizes, "rec_noise": rec_noise, "amplitudes": amplitudes,
                    "generators": [x.state_dict() for x in generators]}, checkpoint)
        if args.time_budget is not None and time.time() - began > args.time_budget and n + 1 < len(sizes):
            log(f"time budget reached after scale {n + 1}/{len(sizes)}")
            break
    coarse = ((reals[0][0].permute(1, 2, 0).cpu().numpy() + 1) * 127.5).round().clip(0, 255).astype(np.uint8)
    config = export(args.out, generators, sizes[:len(generators)], amplitudes, rec_noise, args.image, palette(coarse))
    sample_sheet([g.cpu() for g in generators], sizes[:len(generators)], amplitudes, rec_noise.cpu(),
                 args.out.with_suffix(".sheet.png"))
    print(f"exported {args.out} (sample sheet {args.out.with_suffix('.sheet.png').name}): {len(generators)} scales, {config['scales'][-1]['width']}×"
          f"{config['scales'][-1]['height']} px", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a run shows while it trains: progress lines, a loss log (CSV) with its curve, and
sample grids (labels | real | encoder reconstruction | random styles).
"""

import csv
from pathlib import Path

import matplotlib
import numpy as np
import torch
from PIL import Image

from landscape import colorize
from spade.models import labels_to_input

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

LOSS_LOG = "losses.csv"


def duration(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"


def progress_line(step: int, total, means: dict, rate: float, eta) -> str:
    """One line: step, mean losses since the last line, iterations per second, time left."""
    where = f"step {step}" + (f"/{total}" if total else "")
    terms = " ".join(f"{name} {value:.3f}" for name, value in means.items())
    left = f" | ETA {duration(eta)}" if eta is not None else ""
    return f"{where} | {terms} | {rate:.2f} it/s{left}"


class LossLog:
    """losses.csv in the run folder; on resume, rows after the resumed step are dropped
    (they came from steps the resumed run will redo)."""

    def __init__(self, run_dir: Path, resume_step: int):
        self.path = Path(run_dir) / LOSS_LOG
        rows = self.read()
        self.fields = list(rows[0]) if rows else None
        kept = [r for r in rows if int(r["step"]) <= resume_step]
        if len(kept) != len(rows):
            self._write(kept)

    def read(self) -> list:
        if not self.path.exists():
            return []
        with open(self.path, newline="") as f:
            return list(csv.DictReader(f))

    def _write(self, rows: list) -> None:
        with open(self.path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=self.fields)
            writer.writeheader()
            writer.writerows(rows)

    def append(self, step: int, means: dict) -> None:
        row = {"step": step, **{k: f"{v:.5f}" for k, v in means.items()}}
        new = not self.path.exists()
        self.fields = self.fields or list(row)
        with open(self.path, "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=self.fields)
            if new:
                writer.writeheader()
            writer.writerow(row)

    def plot(self, out: Path) -> None:
        rows = self.read()
        if not rows:
            return
        steps = [int(r["step"]) for r in rows]
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
        for name in rows[0]:
            if name == "step":
                continue
            axis = bottom if name.startswith("D_") else top
            axis.plot(steps, [float(r[name]) for r in rows], label=name)
        top.set_ylabel("generator terms")
        bottom.set_ylabel("discriminator hinge")
        bottom.set_xlabel("step")
        for axis in (top, bottom):
            axis.legend(loc="upper right", fontsize=8)
            axis.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(out, dpi=80)
        plt.close(fig)


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """(B, 3, H, W) in [-1, 1] → (B, H, W, 3) uint8."""
    return ((images.clamp(-1, 1) + 1) * 127.5 + 0.5).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()


@torch.no_grad()
def sample_grid(netG, netE, opt, labels: np.ndarray, images: np.ndarray, device, styles: int = 3) -> np.ndarray:
    """Rows of: label colours | real image | reconstruction from its encoding | `styles` random z.

    Runs in eval mode with its own random generator, so drawing samples changes nothing
    a training step depends on.
    """
    was_training = netG.training, netE.training
    netG.eval()
    netE.eval()
    noise = torch.Generator().manual_seed(1234)
    semantics = labels_to_input(torch.from_numpy(labels).long().to(device), None, opt)
    real = torch.from_numpy(images).permute(0, 3, 1, 2).float().to(device) / 127.5 - 1
    columns = [colorize(labels), images, to_uint8(netG(semantics, netE(real)[0]))]
    for _ in range(styles):
        z = torch.randn(labels.shape[0], opt.z_dim, generator=noise).to(device)
        columns.append(to_uint8(netG(semantics, z)))
    netG.train(was_training[0])
    netE.train(was_training[1])
    return np.concatenate([np.concatenate(list(row), axis=1) for row in zip(*columns)], axis=0)


def save_png(array: np.ndarray, path: Path) -> None:
    Image.fromarray(array).save(path)

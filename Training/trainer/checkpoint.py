"""Checkpoints that resume bit for bit: network, optimiser and random-number states.

A checkpoint is one `torch.save` file written under a temporary name and renamed into
place, so a crash mid-write never leaves a truncated `latest.pt`.
"""

import os
import random
from pathlib import Path

import numpy as np
import torch

LATEST = "latest.pt"


def rng_state(device: torch.device) -> dict:
    """Every generator a training step may draw from: torch (CPU and CUDA), numpy, python."""
    state = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if device.type == "cuda":
        state["cuda"] = torch.cuda.get_rng_state(device)
    return state


def restore_rng(state: dict, device: torch.device) -> None:
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])
    if device.type == "cuda" and "cuda" in state:
        torch.cuda.set_rng_state(state["cuda"], device)


def seed_everything(seed: int) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed % 2 ** 32)
    random.seed(seed)


def save(run_dir: Path, payload: dict) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / LATEST
    partial = run_dir / (LATEST + ".partial")
    torch.save(payload, partial)
    os.replace(partial, path)
    return path


def latest(run_dir: Path):
    """The run folder's checkpoint, or None for a fresh run."""
    path = Path(run_dir) / LATEST
    return path if path.is_file() else None


def load(path: Path) -> dict:
    # Our own file: it holds numpy/python RNG states, which the weights-only loader rejects.
    return torch.load(path, map_location="cpu")

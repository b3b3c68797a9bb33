"""train.py under torchrun with two CPU processes (gloo) at 32×32."""

import socket
import subprocess
from pathlib import Path

import torch

from spade.model_file import load_model_file

TRAIN = Path(__file__).resolve().parents[1] / "train.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_processes_train_checkpoint_and_export(tmp_path):
    model = tmp_path / "m.safetensors"
    # --redirects/--tee 2: Debian's torch 1.13 torchrun fails on Python 3.11 with the default "0".
    # A static rendezvous on a free port: --standalone's c10d rendezvous hung past the timeout
    # twice on a busy 2-core machine, and 29500 (the default port) may be held by another job.
    rendezvous = ["--nnodes", "1", "--node_rank", "0", "--master_addr", "127.0.0.1", "--master_port", str(free_port())]
    command = ["torchrun", *rendezvous, "--redirects", "2", "--tee", "2", "--nproc_per_node", "2", str(TRAIN),
               "--size", "32", "--steps", "3", "--batch", "4", "--train-pairs", "16", "--threads", "1",
               "--data-dir", str(tmp_path / "data"), "--ckpt-dir", str(tmp_path / "run"),
               "--log-every", "1", "--export", str(model)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-1000:] + result.stderr[-2000:]
    assert "2 process(es)" in result.stdout and result.stdout.count("step 3/3") == 1  # only rank 0 prints
    payload = torch.load(tmp_path / "run" / "latest.pt")
    assert payload["step"] == 3 and len(payload["rng"]) == 2
    assert not torch.equal(payload["rng"][0]["torch"], payload["rng"][1]["torch"])  # each rank its own noise
    netG, _, _, _ = load_model_file(model)
    assert sum(p.numel() for p in netG.parameters()) > 0

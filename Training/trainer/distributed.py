"""One process or many: the rank/world facts a training step needs, from torchrun's
environment (RANK, WORLD_SIZE, LOCAL_RANK). gloo on CPU, nccl on CUDA; rank 0 alone
writes files.
"""

import os
import sys
from dataclasses import dataclass

import torch
import torch.distributed as dist

from .options import ConfigError


@dataclass
class Processes:
    rank: int
    world: int
    device: torch.device

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world > 1

    def barrier(self) -> None:
        if self.distributed:
            dist.barrier()

    def anyone(self, flag: bool) -> bool:
        """True on every process if `flag` is true on any (e.g. 'time to stop')."""
        if not self.distributed:
            return flag
        value = torch.tensor([1.0 if flag else 0.0], device=self.device)
        dist.all_reduce(value, op=dist.ReduceOp.MAX)
        return bool(value.item() > 0)

    def gather(self, obj) -> list:
        """Every process's `obj`, in rank order (on every process)."""
        if not self.distributed:
            return [obj]
        objects = [None] * self.world
        dist.all_gather_object(objects, obj)
        return objects

    def close(self) -> None:
        """Leaves the run. Distributed processes meet once more (rank 0 has written everything)
        and then end at once: tearing gloo down (destroy_process_group, or the interpreter's exit)
        hung torch 1.13 processes now and then, past the CI test's five minutes."""
        if self.distributed:
            dist.barrier()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)


def start(device_choice: str) -> Processes:
    """Join the process group torchrun set up (if any) and pick this process's device."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if device_choice == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--device cuda was asked for, but PyTorch sees no CUDA device.")
    use_cuda = device_choice == "cuda" or (device_choice == "auto" and torch.cuda.is_available())
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world > 1:
        dist.init_process_group("nccl" if use_cuda else "gloo", rank=rank, world_size=world)
    return Processes(rank, world, device)

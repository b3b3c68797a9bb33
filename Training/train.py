"""Train a SPADE (GauGAN) model on procedural landscapes and export it for SpadeStudio.

    /usr/bin/python3 Training/train.py --steps 20000 --export Assets/landscape.safetensors
    torchrun --standalone --redirects 2 --tee 2 --nproc_per_node 2 Training/train.py --size 32 --steps 10

(Debian's torch 1.13 torchrun breaks on Python 3.11 unless --redirects/--tee are given a
non-zero value; 2 tees stderr and leaves stdout alone.)

Runs resume from the run folder's latest checkpoint bit for bit; --time-budget stops
cleanly (checkpoint written) before the budget is spent. See trainer/ for the parts.
"""

import signal
import sys
import time

import torch

from landscape import make_pairs, split_seeds
from spade.export import export_model
from trainer import checkpoint
from trainer.data import LandscapeBatches
from trainer.distributed import start
from trainer.gan import SpadeGAN
from trainer.options import ARCHITECTURE_KEYS, ConfigError, Schedule, check_palette, parse, parser, spade_options
from trainer.report import LossLog, progress_line, sample_grid, save_png

SAMPLE_ROWS = 4


class StopRequest:
    """Set by SIGINT/SIGTERM: finish the current step, write a checkpoint, exit."""

    def __init__(self):
        self.requested = False
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, *_):
        self.requested = True


def resume_point(args):
    """The checkpoint to continue from (explicit --resume, else the run folder's), or None."""
    path = args.resume or checkpoint.latest(args.ckpt_dir)
    if path is None:
        return None
    payload = checkpoint.load(path)
    defaults = parser().parse_args(["--steps", "1"])  # keys older checkpoints do not record
    for key in ARCHITECTURE_KEYS:
        trained = payload["args"].get(key, getattr(defaults, key))
        if trained != getattr(args, key):
            raise ConfigError(f"checkpoint {path} was trained with --{key.replace('_', '-')} "
                              f"{trained}, not {getattr(args, key)}; use another --ckpt-dir.")
    return payload


def main(argv=None) -> int:
    try:
        args = parse(argv)
        processes = start(args.device)
        if args.batch % processes.world:
            raise ConfigError(f"--batch {args.batch} does not split evenly over {processes.world} processes.")
        resumed = resume_point(args)
    except ConfigError as error:
        print(f"train.py: {error}", file=sys.stderr)
        return 2
    if args.threads:
        torch.set_num_threads(args.threads)
    device = processes.device
    class_names = check_palette(args.palette)
    opt = spade_options(args)

    checkpoint.seed_everything(args.seed)  # identical initial weights on every process
    gan = SpadeGAN(opt, args, processes)
    checkpoint.seed_everything(args.seed * 1000 + processes.rank)  # each process its own noise
    step = 0
    if resumed is None and args.init_from is not None:
        line = gan.initialise_from(args.init_from)
        if processes.main:
            print(line, flush=True)
    if resumed is not None:
        gan.load_state_dict(resumed["state"])
        step = resumed["step"]
        if len(resumed["rng"]) == processes.world:
            checkpoint.restore_rng(resumed["rng"][processes.rank], device)
        else:
            checkpoint.seed_everything(args.seed * 1000 + processes.rank + step)

    if processes.main:  # generate (or read) the cached pairs once, before the others read them
        data = LandscapeBatches.cached(args.train_pairs, args.size, args.data_dir, args.seed)
    processes.barrier()
    if not processes.main:
        data = LandscapeBatches.cached(args.train_pairs, args.size, args.data_dir, args.seed)

    run_dir = args.ckpt_dir
    if processes.main:
        run_dir.mkdir(parents=True, exist_ok=True)
        log = LossLog(run_dir, step)
        sample_labels, sample_images = make_pairs(split_seeds("val", SAMPLE_ROWS), args.size)
        print(f"{'resuming at step ' + str(step) if step else 'starting'}: {args.name}, {args.size}px, "
              f"{processes.world} process(es) on {device}, run folder {run_dir}", flush=True)

    def save_checkpoint():
        states = processes.gather(checkpoint.rng_state(device))
        if processes.main:
            payload = {"step": step, "args": {k: getattr(args, k) for k in ARCHITECTURE_KEYS},
                       "state": gan.state_dict(), "rng": states}
            checkpoint.save(run_dir, payload)

    def write_reports():
        grid = sample_grid(gan.exported_generator, gan.netE, opt, sample_labels, sample_images, device)
        save_png(grid, run_dir / "samples.png")
        log.plot(run_dir / "loss_curve.png")

    def export(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        export_model(path, gan.export_generator(data), gan.netE, opt, class_names, args.palette.name, args.name,
                     half=args.export_half)
        print(f"exported {path} at step {step}", flush=True)

    schedule = Schedule(args.lr_g, args.lr_d, args.decay_from, args.steps)
    stop = StopRequest()
    began = time.time()
    done_here = 0
    sums, count, window_start = {}, 0, time.time()
    while args.steps is None or step < args.steps:
        elapsed = time.time() - began
        per_step = elapsed / done_here if done_here else 0.0
        out_of_time = args.time_budget is not None and elapsed + 2 * per_step > args.time_budget
        if processes.anyone(out_of_time or stop.requested):
            break
        gan.set_lr_factor(schedule.factor(step))
        labels, images = data.batch(step, args.batch, processes.rank, processes.world)
        terms = gan.step(labels.to(device), images.to(device))
        step += 1
        done_here += 1
        count += 1
        for name, value in terms.items():
            sums[name] = sums.get(name, 0.0) + value

        if step % args.log_every == 0 and processes.main:
            rate = count / max(time.time() - window_start, 1e-9)
            eta = (args.steps - step) / rate if args.steps else None
            if args.time_budget is not None:
                eta = min(eta if eta is not None else float("inf"), args.time_budget - (time.time() - began))
            means = {name: total / count for name, total in sums.items()}
            print(progress_line(step, args.steps, means, rate, eta), flush=True)
            log.append(step, means)
            sums, count, window_start = {}, 0, time.time()
        if step % args.ckpt_every == 0:
            save_checkpoint()
        if step % args.sample_every == 0 and processes.main:
            write_reports()
        if args.export is not None and args.export_every and step % args.export_every == 0 and processes.main:
            export(args.export)

    save_checkpoint()
    if processes.main:
        write_reports()
        print(f"stopped at step {step} after {time.time() - began:.0f} s; checkpoint {run_dir / checkpoint.LATEST}",
              flush=True)
        if args.export is not None:
            args.export.parent.mkdir(parents=True, exist_ok=True)
            export(args.export)
    processes.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

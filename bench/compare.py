#!/usr/bin/python3
"""Swift engine vs PyTorch (and ONNX Runtime) on the same models and label maps, in one run.

    /usr/bin/python3 bench/compare.py [--bin .build/release/spade-studio] [--threads 2] [--runs 5]
                                      [--cases ade20k,coco,cityscapes,landscape] [--ort]

For each case a model with random weights of the official size is built with the project's PyTorch
SPADE (Training/spade), exported to a model file under bench/out/, and rendered by every backend
from the same file and label map: median of --runs warm runs after one warm-up, same thread count.
--ort also runs ONNX Runtime from a venv made at bench/.venv (pip install onnxruntime).
Prints a table with times and ratios; writes bench/out/results.json.
"""

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Training"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from spade import noise  # noqa: E402
from spade.export import export_model  # noqa: E402
from spade.labels import DATASET_MODES, LabelEncoding, labels_to_input, raw_to_channels, label_encoding  # noqa: E402
from spade.model_file import load_model_file  # noqa: E402
from spade.options import SpadeOptions, output_size  # noqa: E402

OUT = ROOT / "bench" / "out"

#: name → (dataset mode, crop, aspect, upsampling, ngf, label map)
CASES = {
    "ade20k": ("ade20k", 256, 1.0, "normal", 64, "painted"),
    "coco": ("coco", 256, 1.0, "normal", 64, "bench/data/coco_label.png"),
    "cityscapes": ("cityscapes", 512, 2.0, "more", 64, "painted"),
}


def painted_labels(height, width, encoding, seed=0):
    """A painted-landscape layout (sky, ridge, lake, field) in valid raw values of the encoding."""
    rng = np.random.default_rng(seed)
    valid = np.arange(encoding.label_nc) - encoding.value_offset
    sky, mountain, water, grass, tree = rng.choice(valid, 5, replace=False)
    yy, xx = np.mgrid[0:height, 0:width]
    ridge = height * (0.35 + 0.1 * np.sin(xx / width * 9) + 0.05 * np.sin(xx / width * 23))
    labels = np.full((height, width), grass)
    labels[yy < ridge] = sky
    labels[(yy >= ridge) & (yy < height * 0.55)] = mountain
    lake = ((xx - width * 0.3) / (width * 0.22)) ** 2 + ((yy - height * 0.72) / (height * 0.1)) ** 2 < 1
    labels[lake] = water
    labels[(xx > width * 0.7) & (yy > height * 0.5)] = tree
    return labels.astype(np.uint8)


def build_case(name):
    if name == "landscape":
        # The shipped default model on a held-out procedural landscape.
        from landscape.dataset import make_pair
        model_path = ROOT / "Assets" / "landscape.safetensors"
        _, _, _, opt = load_model_file(model_path)
        labels_path = OUT / "landscape_labels.png"
        Image.fromarray(make_pair(20_000_003, output_size(opt)[1])[0]).save(labels_path)
        return model_path, labels_path
    mode, crop, aspect, upsampling, ngf, label_source = CASES[name]
    enc = DATASET_MODES[mode]
    opt = SpadeOptions(label_nc=enc.label_nc, contain_dontcare_label=enc.contain_dontcare_label,
                       no_instance=not enc.instance_edges, dataset_mode=mode, ngf=ngf, crop_size=crop,
                       aspect_ratio=aspect, num_upsampling_layers=upsampling)
    model_path = OUT / f"{name}.safetensors"
    height, width = output_size(opt)
    labels_path = OUT / f"{name}_labels.png"
    if label_source == "painted":
        Image.fromarray(painted_labels(height, width, enc)).save(labels_path)
    else:
        labels_path = ROOT / label_source
    if not model_path.exists():
        from spade.generator import SPADEGenerator
        torch.manual_seed(0)
        netG = SPADEGenerator(opt).eval()
        for m in netG.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.normal_(0, 0.5)
                m.running_var.uniform_(0.5, 2.0)
        calibrate_output(netG, torch_input(labels_path, opt, height, width))
        names = [f"class{i}" for i in range(enc.label_nc)]
        export_model(model_path, netG, None, opt, names, None, name)
    return model_path, labels_path


@torch.no_grad()
def calibrate_output(netG, *inputs):
    """Scales `conv_img` so that its output (tanh's input) has standard deviation 0.5 on this label
    map: random official-size weights otherwise drive tanh into saturation almost everywhere,
    where float rounding in the 1024-channel blocks flips signs and no parity can be read. The
    network before `conv_img` is untouched, so every layer's arithmetic is still the full model's."""
    captured = {}

    def record(_module, _inputs, output):
        captured["std"] = output.std().item()

    hook = netG.conv_img.register_forward_hook(record)
    netG(*inputs)
    hook.remove()
    netG.conv_img.weight.mul_(0.5 / captured["std"])
    netG.conv_img.bias.mul_(0.5 / captured["std"])


def file_encoding(config):
    """The label encoding a model file states (its config's `labels`), which the engine follows."""
    l = config["labels"]
    return LabelEncoding(l["label_nc"], l["contain_dontcare_label"], l["instance_edges"], l["value_offset"],
                         tuple(l["dontcare_values"]))


def torch_input(labels_path, opt, height, width, encoding=None):
    """The one-hot input of a label file; `encoding` defaults to the one `opt`'s dataset mode implies
    (options rebuilt from a model file have no dataset mode: pass the file's encoding then)."""
    raw = np.array(Image.open(labels_path))
    raw = np.array(Image.fromarray(raw).resize((width, height), Image.NEAREST))
    channels = torch.from_numpy(raw_to_channels(raw, encoding or label_encoding(opt)))[None, None]
    instance = None if opt.no_instance else torch.from_numpy(raw.astype(np.int64))[None, None]
    return labels_to_input(channels, instance, opt)


def time_calls(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_torch(model_path, labels_path, runs):
    netG, _, config, opt = load_model_file(model_path)
    height, width = output_size(opt)
    seg = torch_input(labels_path, opt, height, width, file_encoding(config))
    inputs = (seg, torch.randn(1, opt.z_dim)) if opt.use_vae else (seg,)
    with torch.no_grad():
        return time_calls(lambda: netG(*inputs), runs), (netG, inputs)


@contextlib.contextmanager
def constant_noise_fields(netG, inputs):
    """Noise injection's fields as constants of the exported graph: ONNX has no 64-bit bitwise AND
    for the hash, and a render's fields are fixed anyway (seed 0). They are computed once outside
    the trace, then handed back from a cache while it runs."""
    fields = {}
    computed = noise.noise_field

    def cached(seed, layer, height, width):
        # Under the tracer the sizes are traced values; the key wants plain numbers.
        key = (int(seed), int(layer), int(height), int(width))
        if key not in fields:
            fields[key] = computed(*key)
        return fields[key]

    noise.noise_field = cached
    try:
        with torch.no_grad():
            netG(*inputs)
        yield
    finally:
        noise.noise_field = computed


def bench_ort(netG, inputs, name, runs, threads):
    venv = ROOT / "bench" / ".venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "onnxruntime", "numpy"], check=True)
    onnx_path = OUT / f"{name}.onnx"
    names = ["seg", "z"][:len(inputs)]
    if not onnx_path.exists():
        with constant_noise_fields(netG, inputs):
            torch.onnx.export(netG, inputs, str(onnx_path), opset_version=13, input_names=names)
    np.savez(OUT / f"{name}_inputs.npz", **{n: t.numpy() for n, t in zip(names, inputs)})
    script = (
        "import numpy as np, onnxruntime as ort, time, statistics, sys\n"
        "o = ort.SessionOptions(); o.intra_op_num_threads = int(sys.argv[3]); o.inter_op_num_threads = 1\n"
        "s = ort.InferenceSession(sys.argv[1], o, providers=['CPUExecutionProvider'])\n"
        "x = dict(np.load(sys.argv[2])); s.run(None, x); t = []\n"
        "for _ in range(int(sys.argv[4])):\n"
        "    a = time.perf_counter(); s.run(None, x); t.append((time.perf_counter() - a) * 1000)\n"
        "print(statistics.median(t))\n")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", script, str(onnx_path), str(OUT / f"{name}_inputs.npz"),
                          str(threads), str(runs)], check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def bench_swift(binary, model_path, labels_path, runs, threads):
    out = subprocess.run([binary, "bench", "--model", str(model_path), "--labels", str(labels_path),
                          "--threads", str(threads), "--runs", str(runs)], check=True, capture_output=True, text=True).stdout
    return dict(re.findall(r"^(\w+)=(\S+)$", out, re.M))


def parity(binary, model_path, labels_path, netG, inputs, threads):
    """(max |Δ|, mean |Δ|, saturated share) of the Swift render (default flags) against PyTorch, same
    labels and latent. Random official-size weights saturate tanh almost everywhere, and there
    rounding is amplified to sign flips: read |Δ| together with the share of saturated outputs."""
    command = [binary, "render", "--model", str(model_path), "--labels", str(labels_path), "--threads", str(threads),
               "--out", str(OUT / "parity.npy")]
    if len(inputs) > 1:
        np.save(OUT / "parity_z.npy", inputs[1][0].numpy())
        command += ["--latent", str(OUT / "parity_z.npy")]
    # No --instance: both sides take edges between different labels (torch_input passes the labels
    # as the instance map).
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with torch.no_grad():
        reference = netG(*inputs)[0].numpy()
    diff = np.abs(np.load(OUT / "parity.npy") - reference)
    return float(diff.max()), float(diff.mean()), float((np.abs(reference) > 0.999).mean())


def render_peak_rss_mb(binary, model_path, labels_path, threads):
    """Peak resident memory of one `spade-studio render` process (a fresh child, so nothing else counts)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, binary, "render", "--model", str(model_path), "--labels",
                          str(labels_path), "--threads", str(threads), "--out", str(OUT / "rss_probe.png")],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build/release/spade-studio"))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default="landscape,ade20k,coco,cityscapes")
    parser.add_argument("--ort", action="store_true", help="also time ONNX Runtime (creates bench/.venv)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    results = []
    for name in args.cases.split(","):
        model_path, labels_path = build_case(name)
        swift = bench_swift(args.bin, model_path, labels_path, args.runs, args.threads)
        torch_ms, (netG, inputs) = bench_torch(model_path, labels_path, args.runs)
        row = {"case": name, "swift_ms": float(swift["full_ms"]), "swift_latent_ms": float(swift["latent_ms"]),
               "swift_condition_ms": float(swift["condition_ms"]),
               "swift_dab1_ms": float(swift["dab1_ms"]), "swift_dab1_psnr_db": float(swift["dab1_psnr_db"]),
               "swift_frame_ms": float(swift["frame_ms"]),
               "torch_ms": torch_ms, "gmacs": float(swift["gmacs"]),
               "weights_mb": model_path.stat().st_size / 2**20,
               "render_peak_rss_mb": render_peak_rss_mb(args.bin, model_path, labels_path, args.threads)}
        row["parity_max"], row["parity_mean"], row["saturated"] = parity(args.bin, model_path, labels_path, netG, inputs, args.threads)
        if args.ort:
            row["ort_ms"] = bench_ort(netG, inputs, name, args.runs, args.threads)
        results.append(row)
        print(json.dumps(row), flush=True)
    print()
    print(f"threads={args.threads} runs={args.runs} (median of warm runs)  cpu: {cpu_name()}  "
          f"load average at the end: {os.getloadavg()[0]:.2f}")
    header = (f"{'case':<12}{'GMACs':>7}{'Swift full':>11}{'labels':>8}{'latent':>8}{'dab 1%':>8}{'PSNR':>6}"
              f"{'PyTorch':>9}{'full/PT':>8}")
    if args.ort:
        header += f"{'ORT':>8}{'full/ORT':>9}{'latent/ORT':>11}"
    header += f"{'RSS MB':>8}{'weights MB':>11}{'max |Δ|':>10}{'mean |Δ|':>10}{'saturated':>10}"
    print(header)
    for r in results:
        line = (f"{r['case']:<12}{r['gmacs']:>7.1f}{r['swift_ms']:>11.1f}{r['swift_condition_ms']:>8.1f}{r['swift_latent_ms']:>8.1f}"
                f"{r['swift_dab1_ms']:>8.1f}{r['swift_dab1_psnr_db']:>6.1f}{r['torch_ms']:>9.1f}{r['swift_ms'] / r['torch_ms']:>8.2f}")
        if args.ort:
            line += f"{r['ort_ms']:>8.1f}{r['swift_ms'] / r['ort_ms']:>9.2f}{r['swift_latent_ms'] / r['ort_ms']:>11.2f}"
        line += f"{r['render_peak_rss_mb']:>8.0f}{r['weights_mb']:>11.0f}{r['parity_max']:>10.1e}{r['parity_mean']:>10.1e}{r['saturated']:>10.2f}"
        print(line)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))


def cpu_name():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    main()

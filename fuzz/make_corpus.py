#!/usr/bin/python3
"""Writes the seed corpora in fuzz/corpus/<target>/ (small, real files of every kind the parsers read).

Standard library only. Run from anywhere:  /usr/bin/python3 fuzz/make_corpus.py
Models are tiny (ngf 1) but complete: every tensor the loader asks for, in F32, F16 and BF16, so the
`model_file` target starts from files that load and render. When Training/make_fixtures.py has been
run, the headers and configs of its fixture models are added too.
"""
import base64
import json
import os
import random
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
rng = random.Random(1234)


def out(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# ---------------------------------------------------------------- models (names as WeightLoader.swift)

def config(name, ngf=1, crop=32, aspect=1.0, up="normal", norm="batch", hidden=1, vae=True, zdim=8,
           encoder=None, label_nc=2, dontcare=False, edges=False, offset=0, dontcare_values=()):
    return {
        "format": 1, "name": name,
        "generator": {"ngf": ngf, "crop_size": crop, "aspect_ratio": aspect, "num_upsampling_layers": up,
                      "param_free_norm": norm, "spade_hidden": hidden, "spade_kernel": 3, "use_vae": vae,
                      "z_dim": zdim},
        "encoder": encoder,
        "labels": {"label_nc": label_nc, "contain_dontcare_label": dontcare, "instance_edges": edges,
                   "value_offset": offset, "dontcare_values": list(dontcare_values),
                   "class_names": ["c%d" % i for i in range(label_nc)], "palette": None},
    }


def upsamplings(c):
    return {"more": 6, "most": 7}.get(c["generator"]["num_upsampling_layers"], 5)


def tensors(c):
    g, l = c["generator"], c["labels"]
    nf, hid, k = g["ngf"], g["spade_hidden"], g["spade_kernel"]
    sem = l["label_nc"] + (1 if l["contain_dontcare_label"] else 0) + (1 if l["instance_edges"] else 0)
    sw = g["crop_size"] >> upsamplings(c)
    sh = int(round(sw / g["aspect_ratio"]))
    items = []

    def add(name, shape, positive=False):
        n = 1
        for s in shape:
            n *= s
        items.append((name, shape, [abs(rng.gauss(0, 1)) + 0.5 if positive else rng.gauss(0, 0.2) for _ in range(n)]))

    def conv(name, o, i, kk, bias=True):
        add(name + ".weight", [o, i, kk, kk])
        if bias:
            add(name + ".bias", [o])

    def spade(name, ch):
        conv(name + ".mlp_shared.0", hid, sem, k)
        conv(name + ".mlp_gamma", ch, hid, k)
        conv(name + ".mlp_beta", ch, hid, k)
        if g["param_free_norm"] == "batch":
            add(name + ".param_free_norm.running_mean", [ch])
            add(name + ".param_free_norm.running_var", [ch], positive=True)

    def block(name, fin, fout):
        mid = min(fin, fout)
        spade(name + ".norm_0", fin); conv(name + ".conv_0", mid, fin, 3)
        spade(name + ".norm_1", mid); conv(name + ".conv_1", fout, mid, 3)
        if fin != fout:
            spade(name + ".norm_s", fin); conv(name + ".conv_s", fout, fin, 1, bias=False)

    if g["use_vae"]:
        add("netG.fc.weight", [16 * nf * sh * sw, g["z_dim"]])
        add("netG.fc.bias", [16 * nf * sh * sw])
    else:
        conv("netG.fc", 16 * nf, sem, 3)
    for b in ["head_0", "G_middle_0", "G_middle_1"]:
        block("netG." + b, 16 * nf, 16 * nf)
    widths = [16 * nf, 8 * nf, 4 * nf, 2 * nf, nf] + ([nf // 2] if upsamplings(c) == 7 else [])
    for i in range(len(widths) - 1):
        block("netG.up_%d" % i, widths[i], widths[i + 1])
    conv("netG.conv_img", 3, widths[-1], 3)
    e = c["encoder"]
    if e:
        layers, s = 0, e["input_size"]
        while s > 4:
            s //= 2; layers += 1
        ws = [3] + [e["ndf"] * min(8, 1 << i) for i in range(layers)]
        for i in range(layers):
            conv("netE.layer%d.0" % (i + 1), ws[i + 1], ws[i], 3, bias=False)
        for head in ["fc_mu", "fc_var"]:
            add("netE.%s.weight" % head, [e["z_dim"], ws[-1] * 16])
            add("netE.%s.bias" % head, [e["z_dim"]])
    return items


def encode(values, dtype):
    if dtype == "F32":
        return struct.pack("<%df" % len(values), *values)
    if dtype == "F16":
        return struct.pack("<%de" % len(values), *values)
    # BF16: the upper half of the float32 bits (truncated).
    return b"".join(struct.pack("<H", struct.unpack("<I", struct.pack("<f", v))[0] >> 16) for v in values)


def safetensors(items, metadata, dtype="F32"):
    header, data = {"__metadata__": metadata}, b""
    for name, shape, values in items:
        blob = encode(values, dtype)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    h = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data


def header_of(blob):
    n = struct.unpack("<Q", blob[:8])[0]
    return blob[8:8 + n]


MODELS = [
    ("det_instance_f32", config("det_instance", vae=False, norm="instance", label_nc=1), "F32"),
    ("vae_encoder_batch_f16", config("vae_batch", encoder={"ndf": 1, "input_size": 8, "z_dim": 8}), "F16"),
    ("det_instance_coco_f16", config("det_coco", vae=False, norm="instance", label_nc=3, dontcare=True, edges=True,
                                     dontcare_values=[255]), "F16"),
    ("det_ade_more_bf16", config("det_ade", vae=False, crop=64, up="more", aspect=0.5, label_nc=2, dontcare=True,
                                 offset=-1, dontcare_values=[0]), "BF16"),
    ("most_ngf1_f16", config("most", ngf=1, crop=128, up="most", vae=False, label_nc=2), "F16"),
]

for name, cfg, dtype in MODELS:
    blob = safetensors(tensors(cfg), {"spade_studio": json.dumps(cfg)}, dtype)
    assert len(blob) < 100_000, (name, len(blob))
    print("%s: %d bytes" % (name, len(blob)))
    out("model_file", name + ".safetensors", blob)
    out("safetensors_header", name + ".json", header_of(blob))
    out("model_config", name + ".json", json.dumps(cfg))

# Plain safetensors files without a model config, and the smallest valid one.
plain = [("a", [2, 3], [float(i) for i in range(6)]), ("b", [], [1.5]), ("z", [0, 4], [])]
for dtype in ["F32", "F16", "BF16"]:
    blob = safetensors(plain, {"note": "no model config"}, dtype)
    out("model_file", "plain_%s.safetensors" % dtype.lower(), blob)
    out("safetensors_header", "plain_%s.json" % dtype.lower(), header_of(blob))
out("model_file", "empty_header.safetensors", struct.pack("<Q", 2) + b"{}")
out("safetensors_header", "empty.json", b"{}")

# Tiny SinGAN pyramids (names as Sources/SinGAN/SinGANModel.swift): two scales of 2 channels.
def singan(scales, dtype="F32", layers=3, rng=random.Random(99)):  # own generator: later seeds stay as they were
    cfg = {"format": 1, "kind": "singan", "name": "tiny", "photo": "tiny.png", "layers": layers, "leaky_relu": 0.2,
           "resize": "bilinear, align_corners=False",
           "palette": [{"name": "sky blue, top", "rgb": [130, 180, 230]}, {"name": "green, bottom", "rgb": [60, 150, 60]}],
           "scales": [{"height": h, "width": w, "channels": c, "noise_amplitude": a} for h, w, c, a in scales]}
    items = [("reconstruction_noise", [3, scales[0][0], scales[0][1]], [rng.gauss(0, 1) for _ in range(3 * scales[0][0] * scales[0][1])])]
    for n, (_, _, c, _) in enumerate(scales):
        for i in range(layers):
            fin, fout = (3 if i == 0 else c), (3 if i == layers - 1 else c)
            items.append(("scale%d.conv%d.weight" % (n, i), [fout, fin, 3, 3], [rng.gauss(0, 0.3) for _ in range(fout * fin * 9)]))
            items.append(("scale%d.conv%d.bias" % (n, i), [fout], [rng.gauss(0, 0.1) for _ in range(fout)]))
    return safetensors(items, {"spade_studio_singan": json.dumps(cfg)}, dtype)


out("singan_file", "two_scales_f32.safetensors", singan([(4, 5, 2, 1.0), (5, 7, 2, 0.1)]))
out("singan_file", "two_scales_f16.safetensors", singan([(4, 5, 2, 1.0), (5, 7, 2, 0.1)], "F16"))
out("singan_file", "one_scale_bf16.safetensors", singan([(3, 3, 1, 1.0)], "BF16", layers=2))

# Real fixture models (Training/make_fixtures.py): their headers and configs.
fixtures = os.path.join(ROOT, "Tests", "Fixtures", "generated")
if os.path.isdir(fixtures):
    for case in sorted(os.listdir(fixtures)):
        path = os.path.join(fixtures, case, "model.safetensors")
        if os.path.isfile(path):
            with open(path, "rb") as f:
                head = f.read(8)
                h = f.read(struct.unpack("<Q", head)[0])
            out("safetensors_header", "fixture_%s.json" % case, h)
            metadata = json.loads(h)["__metadata__"]
            if "spade_studio" in metadata:
                out("model_config", "fixture_%s.json" % case, metadata["spade_studio"])

# ---------------------------------------------------------------- PNG (hand-written encoder: every type)

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def pack_row(samples, depth):
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    per = 8 // depth
    row = bytearray()
    for i in range(0, len(samples), per):
        byte = 0
        for j in range(per):
            s = samples[i + j] if i + j < len(samples) else 0
            byte |= s << (8 - depth * (j + 1))
        row.append(byte)
    return bytes(row)


def png(width, height, color, depth, interlace=False, palette=None, trns=None, extra=b"", filt=0):
    ch = CHANNELS[color]
    top = (1 << depth) - 1
    if color == 3:
        top = min(top, len(palette) - 1)
    pix = [[[(x * 7 + y * 13 + c * 5) % (top + 1) for c in range(ch)] for x in range(width)] for y in range(height)]

    def scan(xs, ys):
        raw = b""
        for y in ys:
            raw += bytes([filt]) + filter_row(pack_row([s for x in xs for s in pix[y][x]], depth), filt)
        return raw

    bpp = max(1, ch * depth // 8)

    def filter_row(row, f):  # 0: None, 1: Sub
        return row if f == 0 else bytes((row[i] - (row[i - bpp] if i >= bpp else 0)) & 0xFF for i in range(len(row)))

    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            xs, ys = range(x0, width, dx), range(y0, height, dy)
            if len(xs) and len(ys):
                raw += scan(list(xs), list(ys))
    else:
        raw = scan(list(range(width)), range(height))
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 1 if interlace else 0))
    body += extra
    if palette is not None:
        body += chunk(b"PLTE", bytes(v for rgb in palette for v in rgb))
    if trns is not None:
        body += chunk(b"tRNS", trns)
    return body + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


pal = [(i * 37 % 256, i * 91 % 256, i * 53 % 256) for i in range(16)]
for color, depths in [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16])]:
    for depth in depths:
        p = pal[:min(16, 1 << depth)] if color == 3 else None
        out("png", "c%d_d%d.png" % (color, depth), png(9, 7, color, depth, palette=p))
        out("png", "c%d_d%d_adam7.png" % (color, depth), png(11, 10, color, depth, interlace=True, palette=p))
out("png", "c3_d8_trns.png", png(5, 5, 3, 8, palette=pal[:4], trns=b"\x00\x80\xff"))
out("png", "c0_d8_trns_gamma.png", png(4, 3, 0, 8, trns=b"\x00\x02", extra=chunk(b"gAMA", struct.pack(">I", 45455))))
out("png", "c2_d8_text_sub.png", png(6, 4, 2, 8, extra=chunk(b"tEXt", b"Comment\x00fuzz seed"), filt=1))
out("png", "c0_d8_1x1.png", png(1, 1, 0, 8))

# ---------------------------------------------------------------- .npy

def npy(shape, values, descr="<f4", version=(1, 0), fortran=False):
    shape_text = "(%d,)" % shape[0] if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape_text)
    lenfmt = "<H" if version[0] == 1 else "<I"
    pre = 6 + 2 + struct.calcsize(lenfmt)
    header += " " * (-(pre + len(header) + 1) % 64) + "\n"
    fmt = {"<f4": "<%df", "<f8": "<%dd", "f4": "<%df", "f8": "<%dd"}[descr]
    return b"\x93NUMPY" + bytes(version) + struct.pack(lenfmt, len(header)) + header.encode() + struct.pack(fmt % len(values), *values)


out("npy", "z8.npy", npy([8], [rng.gauss(0, 1) for _ in range(8)]))
out("npy", "z_1x8.npy", npy([1, 8], [rng.gauss(0, 1) for _ in range(8)]))
out("npy", "image_3x4x4.npy", npy([3, 4, 4], [rng.uniform(-1, 1) for _ in range(48)]))
out("npy", "f8_2x2.npy", npy([2, 2], [0.5, -1.25, 3.0, 1e-3], descr="<f8"))
out("npy", "v2_f4_5.npy", npy([5], [1, 2, 3, 4, 5], version=(2, 0)))
out("npy", "v3_f4_scalar.npy", npy([], [7.0], version=(3, 0)))
out("npy", "empty_0.npy", npy([0], []))

# ---------------------------------------------------------------- palettes

for name in sorted(os.listdir(os.path.join(ROOT, "Palettes"))):
    if name.endswith(".json"):
        with open(os.path.join(ROOT, "Palettes", name), "rb") as f:
            out("palette", name, f.read())
out("palette", "dontcare_small.json", json.dumps({
    "name": "small", "description": None,
    "dontcare": {"id": 0, "name": "unlabeled", "color": [0, 0, 0]},
    "classes": [{"id": 1, "name": "sky", "color": [120, 180, 250], "hotkey": "S", "coco_stuff_id": 157},
                {"id": 255, "name": "rock", "color": [90, 90, 90], "hotkey": "9"}]}))

# ---------------------------------------------------------------- sessions (StudioCore/Session)

def session(w, h, **kw):
    s = {"version": 1, "width": w, "height": h,
         "canvas": base64.b64encode(bytes((x // 3 + y // 2) % 5 for y in range(h) for x in range(w))).decode(),
         "palette": "landscape", "model": "Assets/landscape.safetensors", "seed": 18446744073709551614,
         "psi": 0.8, "locked": True, "history_count": 12}
    s.update(kw)
    return json.dumps(s, sort_keys=True)


out("session", "session_37x23.spade", session(37, 23))
out("session", "session_minimal.spade", session(1, 1, model=None, psi=None, locked=False, history_count=0, seed=0))
out("session", "session_4x4_pretty.spade", json.dumps(json.loads(session(4, 4)), indent=2))

# ---------------------------------------------------------------- films (StudioCore/Film/PaintingFilm)

def film_canvas(w, h):
    return b"C" + struct.pack("<HH", w, h) + bytes((x + 2 * y) % 7 for y in range(h) for x in range(w))


def film_patch(x, y, w, h, value):
    return b"P" + struct.pack("<HHHH", x, y, w, h) + bytes([value]) * (w * h)


def film_latent(**kw):
    body = json.dumps(kw).encode()
    return b"L" + struct.pack("<I", len(body)) + body


MAGIC = b"SPADEFILM 1\n"
out("film", "film_session.film", MAGIC + film_canvas(16, 12) + film_latent(seed=3, psi=0.5)
    + film_patch(2, 3, 4, 2, 5) + film_patch(0, 0, 16, 12, 1) + film_latent(seed=3, style=[0.5, -0.25]))
out("film", "film_two_sessions.film", MAGIC + film_canvas(8, 8) + film_patch(7, 7, 1, 1, 2) + film_canvas(5, 3))
out("film", "film_cut_short.film", (MAGIC + film_canvas(6, 6) + film_patch(1, 1, 3, 3, 4))[:-4])

for target in sorted(os.listdir(CORPUS)):
    files = os.listdir(os.path.join(CORPUS, target))
    print("%-20s %3d files, %7d bytes" % (target, len(files), sum(os.path.getsize(os.path.join(CORPUS, target, f)) for f in files)))

"""Reading and writing safetensors files by hand (Debian has no package).

Layout: 8-byte little-endian header length N, N bytes of JSON header, then
the raw little-endian tensor bytes, packed without gaps.
"""

import json
import os
import struct
from pathlib import Path

import numpy as np
import torch

#: dtype name → (torch dtype, little-endian integer type of the same width).
#: Raw bytes pass through the integer type because numpy has no bfloat16.
_DTYPES = {
    "F32": (torch.float32, "<i4", torch.int32),
    "F16": (torch.float16, "<i2", torch.int16),
    "BF16": (torch.bfloat16, "<i2", torch.int16),
}
_NAMES = {torch_dtype: name for name, (torch_dtype, _, _) in _DTYPES.items()}


def write_safetensors(path, tensors: dict, metadata: dict = None) -> None:
    """Write `tensors` (name → F32/F16/BF16 torch tensor) in name order, with
    string-valued `metadata` under `__metadata__`. Atomically: a temporary file in the same
    folder, renamed into place, so a reader (or a copy of a milestone) never sees half a file."""
    header = {}
    if metadata:
        if not all(isinstance(v, str) for v in metadata.values()):
            raise TypeError("safetensors metadata values must be strings")
        header["__metadata__"] = dict(metadata)
    blobs = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().cpu().contiguous()
        if tensor.dtype not in _NAMES:
            raise TypeError(f"{name}: dtype {tensor.dtype} is not F32, F16 or BF16")
        dtype = _NAMES[tensor.dtype]
        _, raw_np, raw_torch = _DTYPES[dtype]
        blob = tensor.view(raw_torch).numpy().astype(raw_np).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # 8-byte aligned data, as the reference writer keeps it
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)
    os.replace(partial, path)


def read_safetensors(path) -> tuple:
    """Return (tensors, metadata): name → torch tensor, and the
    `__metadata__` dict ({} when absent). Raises ValueError on a malformed file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors header")
    (header_len,) = struct.unpack("<Q", data[:8])
    if 8 + header_len > len(data):
        raise ValueError(f"{path}: header length {header_len} runs past the end of the file")
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    body = memoryview(data)[8 + header_len:]

    tensors = {}
    spans = []
    for name, info in header.items():
        if info["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: {name} has unsupported dtype {info['dtype']}")
        torch_dtype, raw_np, _ = _DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        count = int(np.prod(info["shape"], dtype=np.int64))
        if end - begin != count * np.dtype(raw_np).itemsize:
            raise ValueError(f"{path}: {name} spans {end - begin} bytes, not {count} {info['dtype']} values")
        values = np.frombuffer(body[begin:end], dtype=raw_np).astype(np.dtype(raw_np).newbyteorder("="))
        tensors[name] = torch.from_numpy(values).view(torch_dtype).reshape(info["shape"])
        spans.append((begin, end))
    position = 0
    for begin, end in sorted(spans):
        if begin != position:
            raise ValueError(f"{path}: tensor data has a gap or overlap at byte {begin}")
        position = end
    if position != len(body):
        raise ValueError(f"{path}: {len(body) - position} bytes follow the last tensor")
    return tensors, metadata

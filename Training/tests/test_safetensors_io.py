"""Round trips and malformed-file detection of the hand-written safetensors I/O."""

import json
import struct

import pytest
import torch

from spade.safetensors_io import read_safetensors, write_safetensors


def test_round_trip_keeps_values_dtypes_shapes_and_metadata(tmp_path):
    tensors = {
        "a.weight": torch.randn(3, 4, 2, 2),
        "b.half": torch.randn(5).half(),
        "c.bf16": torch.randn(2, 3).bfloat16(),
        "d.scalar_like": torch.tensor([1.5]),
        "e.empty": torch.zeros(0, 4),
    }
    path = tmp_path / "m.safetensors"
    write_safetensors(path, tensors, {"spade_studio": '{"format": 1}'})
    loaded, metadata = read_safetensors(path)
    assert metadata == {"spade_studio": '{"format": 1}'}
    assert sorted(loaded) == sorted(tensors)
    for name, tensor in tensors.items():
        assert loaded[name].dtype == tensor.dtype
        assert torch.equal(loaded[name], tensor)


def test_layout_follows_the_format(tmp_path):
    """8-byte LE length, JSON header padded to 8 bytes, data F16 little-endian."""
    path = tmp_path / "m.safetensors"
    write_safetensors(path, {"x": torch.tensor([1.0, -2.0]).half()}, {"k": "v"})
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    assert n % 8 == 0
    header = json.loads(data[8:8 + n])
    assert header["__metadata__"] == {"k": "v"}
    assert header["x"] == {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}
    assert data[8 + n:] == bytes.fromhex("003c00c0")  # 1.0 and -2.0 in IEEE half, little-endian


def test_unsupported_dtype_and_non_string_metadata_are_refused(tmp_path):
    with pytest.raises(TypeError):
        write_safetensors(tmp_path / "a", {"x": torch.zeros(2, dtype=torch.float64)})
    with pytest.raises(TypeError):
        write_safetensors(tmp_path / "b", {"x": torch.zeros(2)}, {"k": 1})


def _write_raw(path, header: dict, body: bytes):
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + body)


@pytest.mark.parametrize("header,body", [
    ({"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4),  # size mismatch
    ({"x": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\0" * 8),  # gap before data
    ({"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 8),  # trailing bytes
    ({"x": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}}, b"\0" * 8),  # unsupported dtype
])
def test_malformed_files_are_rejected(tmp_path, header, body):
    path = tmp_path / "bad.safetensors"
    _write_raw(path, header, body)
    with pytest.raises(ValueError):
        read_safetensors(path)

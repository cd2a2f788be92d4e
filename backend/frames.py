"""Binary frames: a 4-byte little-endian length N, N bytes of UTF-8 JSON header, then little-endian arrays.

The header is the frame's scalar fields plus `"arrays": {name: {"dtype", "shape", "offset"}}`, offsets counted
from the first byte after the header. The header is padded with spaces so the array block starts at a multiple
of 8 bytes and every array is 8-byte aligned: a browser can view each one as a typed array without copying.
NaN and Infinity never go on the wire: encoding refuses them.
"""

from __future__ import annotations

import json
import struct

import numpy as np

WIRE_DTYPES = {
    "float32": "<f4",
    "float64": "<f8",
    "int32": "<i4",
    "uint8": "u1",
    "int8": "i1",
    "uint16": "<u2",
}


class NonFiniteError(ValueError):
    """A frame would have carried NaN or Infinity."""


def encode_frame(header: dict, arrays: dict[str, np.ndarray]) -> bytes:
    """Pack `header` (JSON-able, finite numbers only) and named arrays (WIRE_DTYPES) into one message."""
    chunks: list[bytes] = []
    meta: dict[str, dict] = {}
    offset = 0
    for name, a in arrays.items():
        a = np.asarray(a)
        dtype = a.dtype.name
        if dtype not in WIRE_DTYPES:
            raise TypeError(f"array {name!r}: dtype {dtype} is not a wire dtype ({', '.join(WIRE_DTYPES)})")
        if a.dtype.kind == "f" and not np.isfinite(a).all():
            raise NonFiniteError(f"array {name!r} holds NaN or Infinity")
        raw = np.ascontiguousarray(a, dtype=WIRE_DTYPES[dtype]).tobytes()
        meta[name] = {"dtype": dtype, "shape": list(a.shape), "offset": offset}
        pad = (-len(raw)) % 8
        chunks.append(raw + b"\0" * pad)
        offset += len(raw) + pad
    try:
        head = json.dumps({**header, "arrays": meta}, allow_nan=False, separators=(",", ":")).encode()
    except ValueError as e:
        raise NonFiniteError(f"frame header: {e}") from None
    head += b" " * ((-(4 + len(head))) % 8)
    return struct.pack("<I", len(head)) + head + b"".join(chunks)


def decode_frame(message: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """Inverse of encode_frame (for tests and Python clients)."""
    (n,) = struct.unpack_from("<I", message, 0)
    header = json.loads(message[4 : 4 + n])
    base = 4 + n
    arrays = {}
    for name, m in header.pop("arrays").items():
        dt = np.dtype(WIRE_DTYPES[m["dtype"]])
        count = int(np.prod(m["shape"])) if m["shape"] else 1
        a = np.frombuffer(message, dtype=dt, count=count, offset=base + m["offset"])
        arrays[name] = a.reshape(m["shape"])
    return header, arrays

"""Binary frames: a 4-byte little-endian length N, N bytes of UTF-8 JSON header, then little-endian arrays.

The header is the frame's scalar fields plus `"arrays": {name: {"dtype", "shape", "offset"}}`, offsets counted
from the first byte after the header. The header is padded with spaces so the array block starts at a multiple
of 8 bytes and every array is 8-byte aligned: a browser can view each one as a typed array without copying.
NaN and Infinity never go on the wire: encoding refuses them (or, when asked, leaves such arrays out
and names them in the header).
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


# dtype -> (wire name, wire dtype) for arrays already in wire layout (native little-endian): a dict lookup
# instead of dtype.name (~2 us each, a frame has ~17 arrays); other byte orders take the name lookup.
_NATIVE = {np.dtype(code): (name, np.dtype(code)) for name, code in WIRE_DTYPES.items()}
_ZEROS = bytes(8)
SMALL = 4096  # elements: arrays up to this size are checked for NaN/inf together, in one NumPy call


class NonFiniteError(ValueError):
    """A frame would have carried NaN or Infinity."""


def non_finite(arrays: dict[str, np.ndarray]) -> list[str]:
    """Names of the float arrays that hold NaN or Infinity, in order.

    Checking each small array costs ~1.3 us of NumPy overhead; the small ones are joined and checked at once
    (large ones alone, so nothing big is copied), and only a failed check looks at them one by one.
    """
    floats = [(k, a) for k, a in arrays.items() if a.dtype.kind == "f"]
    small = [a.reshape(-1) for _, a in floats if a.size <= SMALL]
    large = [a for _, a in floats if a.size > SMALL]
    if (not small or np.isfinite(np.concatenate(small)).all()) and all(np.isfinite(a).all() for a in large):
        return []
    return [k for k, a in floats if not np.isfinite(a).all()]


def _wire(name: str, a: np.ndarray) -> tuple[str, np.dtype]:
    """(wire name, wire dtype) of array `a`, or TypeError."""
    wire = _NATIVE.get(a.dtype)
    if wire is None:
        dtype = a.dtype.name
        if dtype not in WIRE_DTYPES:
            raise TypeError(f"array {name!r}: dtype {dtype} is not a wire dtype ({', '.join(WIRE_DTYPES)})")
        wire = dtype, np.dtype(WIRE_DTYPES[dtype])
    return wire


def encode_frame(header: dict, arrays: dict[str, np.ndarray], omit_non_finite: bool = False) -> bytes:
    """Pack `header` (JSON-able, finite numbers only) and named arrays (WIRE_DTYPES) into one message.

    A float array holding NaN or Infinity raises NonFiniteError; with omit_non_finite it is left out instead
    and the header gains `"omitted": [names]` (always, empty when nothing was), just before `arrays`.
    """
    arrays = {name: np.asarray(a) for name, a in arrays.items()}
    wires = {}
    for name, a in arrays.items():
        try:
            wires[name] = _wire(name, a)
        except TypeError:
            earlier = non_finite({k: arrays[k] for k in wires})  # an earlier array's NaN is reported first
            if earlier and not omit_non_finite:
                raise _nan_error(earlier[0]) from None
            raise
    bad = non_finite(arrays)
    if bad and not omit_non_finite:
        raise _nan_error(bad[0])
    if omit_non_finite:
        header = {**header, "omitted": bad}
        arrays = {k: a for k, a in arrays.items() if k not in bad}
    chunks: list = []  # bytes-like: C-contiguous arrays go straight into the one join below, uncopied
    meta: dict[str, dict] = {}
    offset = 0
    for name, a in arrays.items():
        dtype, wire = wires[name]
        meta[name] = {"dtype": dtype, "shape": list(a.shape), "offset": offset}
        if a.dtype != wire or not a.flags.c_contiguous:
            a = np.ascontiguousarray(a, dtype=wire)
        pad = (-a.nbytes) % 8
        chunks += (a, _ZEROS[:pad])
        offset += a.nbytes + pad
    try:
        head = json.dumps({**header, "arrays": meta}, allow_nan=False, separators=(",", ":")).encode()
    except ValueError as e:
        raise NonFiniteError(f"frame header: {e}") from None
    head += b" " * ((-(4 + len(head))) % 8)
    return b"".join([struct.pack("<I", len(head)), head, *chunks])


def _nan_error(name: str) -> NonFiniteError:
    return NonFiniteError(f"array {name!r} holds NaN or Infinity")


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

"""Binary frames: layout, alignment, dtypes, and NaN/Infinity refused or left out."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from playground.frames import SMALL, NonFiniteError, decode_frame, encode_frame, non_finite


def test_layout_is_length_header_then_aligned_little_endian_arrays():
    arrays = {
        "a": np.arange(3, dtype=np.float32),
        "m": np.arange(6, dtype=np.float64).reshape(2, 3).T,  # not C-contiguous: sent in C order
        "u": np.array([1, 2, 3], np.uint8),
        "s": np.array(7, np.uint16),
    }
    msg = encode_frame({"type": "frame", "x": 1.5}, arrays)
    (n,) = struct.unpack_from("<I", msg, 0)
    assert (4 + n) % 8 == 0
    header = json.loads(msg[4 : 4 + n])
    assert header["x"] == 1.5 and [m["offset"] % 8 for m in header["arrays"].values()] == [0, 0, 0, 0]
    base = 4 + n
    m = header["arrays"]["m"]
    assert m == {"dtype": "float64", "shape": [3, 2], "offset": 16}  # "a" is 12 bytes, padded to 16
    assert msg[base + 16 : base + 64] == struct.pack("<6d", 0, 3, 1, 4, 2, 5)
    _, back = decode_frame(msg)
    for k, a in arrays.items():
        assert back[k].dtype == a.dtype and np.array_equal(back[k], a)


def test_big_endian_input_is_sent_little_endian():
    msg = encode_frame({}, {"b": np.array([1.5, -2.0], ">f8")})
    assert msg.endswith(struct.pack("<2d", 1.5, -2.0))


@pytest.mark.parametrize("size", [3, SMALL + 1])  # checked with others, and alone
def test_non_finite_arrays_are_refused_or_left_out_and_named(size):
    bad = np.ones(size, np.float32)
    bad[-1] = np.inf
    arrays = {
        "ok": np.ones(4, np.float32),
        "bad": bad,
        "i": np.arange(2, dtype=np.int32),
        "nan": np.full(2, np.nan),
    }
    assert non_finite(arrays) == ["bad", "nan"]
    with pytest.raises(NonFiniteError, match="'bad'"):
        encode_frame({}, arrays)
    header, back = decode_frame(encode_frame({"type": "t"}, arrays, omit_non_finite=True))
    assert list(header) == ["type", "omitted"] and header["omitted"] == ["bad", "nan"]
    assert set(back) == {"ok", "i"}
    header, _ = decode_frame(encode_frame({}, {"ok": np.ones(2)}, omit_non_finite=True))
    assert header["omitted"] == []


def test_wrong_dtypes_and_non_finite_headers_are_refused_in_order():
    with pytest.raises(TypeError, match="int64"):
        encode_frame({}, {"a": np.arange(2, dtype=np.int64)})
    with pytest.raises(NonFiniteError, match="'a'"):  # the earlier array's NaN is named first
        encode_frame({}, {"a": np.array([np.nan]), "b": np.arange(2, dtype=np.int64)})
    with pytest.raises(NonFiniteError, match="header"):
        encode_frame({"x": float("nan")}, {})

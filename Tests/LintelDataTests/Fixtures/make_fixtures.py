#!/usr/bin/env python3
"""Writes the numpy fixtures for LintelDataTests, with numpy itself.

Run from any directory:  python3 Tests/LintelDataTests/Fixtures/make_fixtures.py
Output: *.npy and *.npz files next to this script, and manifest.json describing every
fixture: file, dtype, shape, memory order, format version and the expected values flattened
in C order (floats as exact decimal reprs; float32 round-trip fixtures as uint32 bit
patterns). The output is deterministic: zip timestamps are pinned.
"""
import io
import json
import os
import time

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))

# Pin the timestamps zipfile writes, so regenerating gives identical bytes.
os.environ["TZ"] = "UTC"
time.tzset()
time.time = lambda: 1_700_000_000.0


def values(code, n):
    """Deterministic values of each dtype, from a closed form."""
    k = np.arange(n)
    if code == "f4":
        return (k * 0.25 - 1.5).astype(np.float32)
    if code == "f8":
        return k / 10 - 0.7
    if code == "i4":
        return (k * 100003 - 500000).astype(np.int32)
    if code == "i8":
        return (k * 3_000_000_019 - 7).astype(np.int64)
    if code == "u1":
        return ((k * 37 + 200) % 256).astype(np.uint8)
    if code == "b1":
        return k % 3 == 0
    raise ValueError(code)


def dtype(code, order):
    return np.dtype(code).newbyteorder(order) if order in "<>" else np.dtype(code)


manifest = {"npy": [], "npz": [], "npzArrays": {}, "bitExact": []}


def flat(a):
    items = np.ascontiguousarray(a).reshape(-1).tolist()
    return [x.decode("latin-1") if isinstance(x, bytes) else x for x in items]


def save_npy(name, a, version=None, fortran=None):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        npformat.write_array(f, a, version=version)
    with open(path, "rb") as f:
        major, minor = npformat.read_magic(f)
    back = np.load(path)
    assert back.dtype == a.dtype and back.shape == a.shape and np.array_equal(back, a)
    is_fortran = a.ndim >= 2 and a.flags.f_contiguous and not a.flags.c_contiguous
    if fortran is not None:
        assert fortran == is_fortran, name
    manifest["npy"].append({
        "file": name,
        "descr": npformat.dtype_to_descr(a.dtype),
        "shape": list(a.shape),
        "fortranOrder": bool(is_fortran),
        "version": f"{major}.{minor}",
        "values": flat(a),
    })


# Every dtype in both byte orders, C and Fortran order, 2-d and 3-d.
for code in ["f4", "f8", "i4", "i8"]:
    for order in "<>":
        shape = (2, 3, 4) if order == "<" else (3, 4)
        n = int(np.prod(shape))
        base = values(code, n).astype(dtype(code, order)).reshape(shape)
        tag = "le" if order == "<" else "be"
        save_npy(f"{code}_{tag}_c_{len(shape)}d.npy", base, fortran=False)
        save_npy(f"{code}_{tag}_f_{len(shape)}d.npy", np.asfortranarray(base), fortran=True)
for code, c_shape, f_shape in [("u1", (2, 3, 4), (3, 4)), ("b1", (3, 4), (2, 3, 4))]:
    c = values(code, int(np.prod(c_shape))).reshape(c_shape)
    f = values(code, int(np.prod(f_shape))).reshape(f_shape)
    save_npy(f"{code}_c_{len(c_shape)}d.npy", c, fortran=False)
    save_npy(f"{code}_f_{len(f_shape)}d.npy", np.asfortranarray(f), fortran=True)

# 0-d scalars, 1-d and empty arrays.
save_npy("scalar_f8_le.npy", np.array(3.25))
save_npy("scalar_f4_be.npy", np.array(-1.5, dtype=">f4"))
save_npy("scalar_i8_le.npy", np.array(-9_007_199_254_740_991, dtype="<i8"))
save_npy("scalar_i4_be.npy", np.array(123456, dtype=">i4"))
save_npy("scalar_b1.npy", np.array(True))
save_npy("vector_f4_le.npy", values("f4", 5))
save_npy("empty_f8.npy", np.zeros((0,), dtype="<f8"))
save_npy("empty_f4_f_3d.npy", np.asfortranarray(np.zeros((2, 0, 3), dtype="<f4")))

# Format versions 2.0 and 3.0.
save_npy("version2_f8.npy", values("f8", 6).reshape(2, 3), version=(2, 0))
save_npy("version3_i4_be_f.npy", np.asfortranarray(values("i4", 6).astype(">i4").reshape(3, 2)),
         version=(3, 0))

# Narrower integers and byte strings, which Lintel widens.
save_npy("i1.npy", np.array([-128, -1, 0, 127], dtype="i1"))
save_npy("i2_be.npy", np.array([-32768, -2, 3, 32767], dtype=">i2"))
save_npy("u2_le.npy", np.array([0, 1, 65535], dtype="<u2"))
save_npy("u4_be.npy", np.array([0, 7, 4294967295], dtype=">u4"))
save_npy("u8_le.npy", np.array([0, 9, 2**62], dtype="<u8"))
save_npy("bytes_S5.npy", np.array([b"tanh", b"relu5", b""], dtype="S5"))

# Unicode scalars and short arrays.
save_npy("unicode_scalar.npy", np.array("tanh"))
save_npy("unicode_scalar_be.npy", np.array("relu", dtype=">U4"))
save_npy("unicode_names.npy", np.array(["stimulus", "context", "x"]))
save_npy("unicode_be.npy", np.array(["abc", "hello"], dtype=">U5"))
save_npy("unicode_nonascii.npy", np.array(["é", "ñø😀", ""]))
save_npy("unicode_f_2d.npy", np.asfortranarray(np.array([["a", "bb", "c"], ["dddd", "e", "ff"]])),
         fortran=True)

# A pickled object array as a lone .npy (must be refused, never unpickled).
with open(os.path.join(HERE, "object.npy"), "wb") as f:
    npformat.write_array(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)


def npz_arrays():
    return {
        "activity": values("f4", 24).reshape(2, 3, 4),
        "dt": np.array(0.01),
        "nonlinearity": np.array("tanh"),
        "input_names": np.array(["stimulus", "context"]),
        "mask": values("b1", 6).reshape(2, 3),
        "weights": np.asfortranarray(values("f8", 6).reshape(3, 2)),
        "counts": values("i8", 4),
        "extra_object": np.array([{"a": 1}], dtype=object),
        "τ": np.array(20.0),
    }


class Unseekable(io.RawIOBase):
    """A write-only stream without tell/seek: zipfile then writes data descriptors."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buffer += b
        return len(b)


def save_npz(name, compressed, stream=False, keys=None):
    arrays = {k: a for k, a in npz_arrays().items() if keys is None or k in keys}
    saver = np.savez_compressed if compressed else np.savez
    path = os.path.join(HERE, name)
    if stream:
        sink = Unseekable()
        saver(sink, **arrays)
        with open(path, "wb") as f:
            f.write(bytes(sink.buffer))
    else:
        saver(path, **arrays)
    with np.load(path, allow_pickle=False) as z:
        assert list(z.keys()) == list(arrays)
        assert np.array_equal(z["activity"], arrays["activity"])
    manifest["npz"].append({
        "file": name, "compressed": compressed, "dataDescriptors": stream, "keys": list(arrays),
    })
    for key, a in arrays.items():
        if a.dtype != object:
            manifest["npzArrays"][key] = {
                "descr": npformat.dtype_to_descr(a.dtype), "shape": list(a.shape), "values": flat(a),
            }


save_npz("savez.npz", compressed=False)
save_npz("savez_compressed.npz", compressed=True)
stream_keys = ["activity", "nonlinearity", "extra_object", "weights"]
save_npz("savez_stream.npz", compressed=False, stream=True, keys=stream_keys)
save_npz("savez_compressed_stream.npz", compressed=True, stream=True, keys=stream_keys)

# A float32 (trials, time, neurons) array of random bits from np.savez_compressed, which a
# Lintel read-write-read must reproduce bit for bit.
rng = np.random.default_rng(7)
activity = rng.standard_normal((3, 5, 4)).astype(np.float32)
activity[0, 0, 0] = np.float32(1e-42)  # a subnormal
activity[0, 0, 1] = -0.0
np.savez_compressed(os.path.join(HERE, "bit_exact.npz"), activity=activity)
manifest["bitExact"].append({
    "file": "bit_exact.npz",
    "key": "activity",
    "shape": list(activity.shape),
    "bits": activity.view(np.uint32).reshape(-1).tolist(),
})

# Compact JSON, one fixture per line.
with open(os.path.join(HERE, "manifest.json"), "w") as f:
    def dumps(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    sections = []
    for section, content in manifest.items():
        if isinstance(content, list):
            body = ",\n".join("  " + dumps(item) for item in content)
            sections.append(f"{dumps(section)}:[\n{body}\n]")
        else:
            body = ",\n".join(f"  {dumps(k)}:{dumps(v)}" for k, v in content.items())
            sections.append(f"{dumps(section)}:{{\n{body}\n}}")
    f.write("{\n" + ",\n".join(sections) + "\n}\n")
json.load(open(os.path.join(HERE, "manifest.json")))

total = sum(os.path.getsize(os.path.join(HERE, p)) for p in os.listdir(HERE))
print(f"wrote {len(os.listdir(HERE)) - 1} fixture files, {total} bytes in total")

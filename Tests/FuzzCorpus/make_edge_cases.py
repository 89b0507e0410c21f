"""Writes the hand-made edge cases of the fuzz seed corpus (npz/edge-*, json/edge-*).

The other seeds are copies of the project's own fixtures and of a tiny fit's run folder (see
README.md beside this script). Run from this folder: python3 make_edge_cases.py
"""
import io
import json
import struct
import zipfile
import zlib

import numpy as np


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_header(header, payload=b"", version=1):
    """A .npy file with an arbitrary header dict text, framed as numpy frames it."""
    length_size = 2 if version == 1 else 4
    text = header
    while (10 + length_size - 2 + len(text) + 1) % 64:
        text += " "
    text += "\n"
    body = text.encode("latin-1" if version < 3 else "utf-8")
    length = struct.pack("<H" if version == 1 else "<I", len(body))
    return b"\x93NUMPY" + bytes([version, 0]) + length + body + payload


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def archive(members, compression=zipfile.ZIP_STORED, force_zip64=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as z:
        for key, data in members:
            with z.open(key + ".npy", "w", force_zip64=force_zip64) as f:
                f.write(data)
    return buffer.getvalue()


def forged_member_size(declared):
    """A deflated member whose directory claims `declared` bytes (zip64), over a few real ones:
    the reader must refuse it from the claim, before allocating or inflating."""
    payload = npy_bytes(np.zeros(4, dtype="<f4"))
    compressed = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = compressed.compress(payload) + compressed.flush()
    name = b"activity.npy"
    crc = zlib.crc32(payload)
    extra = struct.pack("<HHQQ", 1, 16, declared, len(deflated))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                        len(name), len(extra)) + name + extra
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF,
                          0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0) + name + extra
    directory_offset = len(local) + len(deflated)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), directory_offset, 0)
    return local + deflated + central + end


# .npz edge cases
write("npz/edge-zip64.npz", archive([("activity", npy_bytes(np.ones((2, 3, 2), "<f4")))], force_zip64=True))
write("npz/edge-empty-archive.npz", archive([]))
write("npz/edge-prepended-bytes.npz", b"#!junk before the archive\n" + archive([("a", npy_bytes(np.arange(3.0)))]))
write("npz/edge-claims-16GiB.npz", forged_member_size(16 << 30))
write("npz/edge-zero-width-strings.npz", archive([("names", npy_header("{'descr': '|S0', 'fortran_order': False, 'shape': (3,), }"))]))
write("npz/edge-dataset-nan-under-mask.npz", archive([
    ("activity", npy_bytes(np.array([[[np.nan, 1.0]], [[0.5, 0.25]]], "<f4"))),
    ("mask", npy_bytes(np.array([[[0, 1]], [[1, 1]]], "<f4"))),
    ("inputs", npy_bytes(np.zeros((2, 1, 1), ">f8"))),
    ("condition", npy_bytes(np.array([1.0, 2.0]))),
    ("dt_ms", npy_bytes(np.array(20.0))),
], compression=zipfile.ZIP_DEFLATED))
# .npy edge cases
write("npz/edge-version3-utf8-header.npy", npy_header("{'descr': '<U2', 'fortran_order': True, 'shape': (2, 1), 'é': 0, }", "ab\u00e9\u00e8".encode("utf-32-le"), version=3))
write("npz/edge-zero-width-huge-shape.npy", npy_header("{'descr': '<U0', 'fortran_order': False, 'shape': (1000000000000,), }"))
write("npz/edge-fortran-uint64.npy", npy_bytes(np.asfortranarray(np.arange(6, dtype=">u8").reshape(2, 3))))

# Checkpoints whose counts Int(_:) cannot hold: reading them trapped before FitCheckpoint
# checked for whole numbers (Tests/LintelEngineTests/CheckpointReadingTests.swift).
checkpoint = dict(np.load("npz/run-checkpoint-rank1.npz"))
np.savez("npz/crash-checkpoint-adam-step-1e300.npz", **dict(checkpoint, adam_step=np.array(1e300)))
history = checkpoint["history"].copy()
history[0, 0] = np.nan
np.savez("npz/crash-checkpoint-history-epoch-nan.npz", **dict(checkpoint, history=history))

# JSON edge cases: the spellings earlier versions wrote and values at the edges of their types.
with open("json/metrics-rank1.json") as f:
    metrics = json.load(f)
legacy = dict(metrics, r2_global="NaN", r2_median=None, rank="full")
legacy["settings"] = dict(metrics["settings"], validation={"fraction": {"_0": 0.2}})
del legacy["settings"]["split_seed"]
write("json/edge-metrics-legacy.json", json.dumps(legacy, indent=2).encode())
extremes = dict(metrics, seed=18446744073709551615, epochs=-1, rank=0, r2_per_neuron=[None, 1e308, -0.0])
extremes["settings"] = dict(metrics["settings"], validation={"trials": [-1, 9223372036854775807]}, init={"svd": {"runDirectory": ""}})
write("json/edge-metrics-extremes.json", json.dumps(extremes, indent=2).encode())
write("json/edge-settings-aligned.json", json.dumps(dict(metrics["settings"], init={"aligned": {"gain": 1.5}}, validation={"condition": 2})).encode())
write("json/edge-nested-arrays.json", b"[" * 600 + b"]" * 600)

"""Writes the dataset fixture that NPZWriter cannot: a dataset with a pickled object member.

Run with numpy from anywhere: python3 make_dataset_fixtures.py
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# A float64 dataset from np.savez_compressed with a (trials, T) bool mask, NaN activity under
# mask 0, int64 conditions, a 0-d dt_ms and two keys Lintel must ignore: a pickled object array
# and a unicode array.
activity = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4) / 10
mask = np.array([[False, True, True], [True, True, True]])
activity[0, 0, :] = np.nan
np.savez_compressed(
    os.path.join(HERE, "dataset_with_object.npz"),
    activity=activity,
    inputs=np.ones((2, 3, 1), dtype=np.float32),
    mask=mask,
    condition=np.array([3, 7], dtype=np.int64),
    dt_ms=np.array(20.0),
    extra_object=np.array([{"note": "never unpickled"}], dtype=object),
    input_names=np.array(["go"]),
)

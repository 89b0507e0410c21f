"""Writes the malformed files of the bad-input tests, each the way a numpy user could produce it.

Run from this folder:  python3 make_bad_input_fixtures.py
"""
import numpy as np

rng = np.random.default_rng(7)
N, R, K = 16, 2, 3
m = rng.standard_normal((N, R))
n = rng.standard_normal((N, R))
I = rng.standard_normal((N, K))
good_inputs = rng.standard_normal((4, 10, K)).astype(np.float32)

# Models.
np.savez("bad/model_no_connectivity.npz", input_vectors=I)
np.savez("bad/model_m_1d.npz", m=m[:, 0], n=n[:, 0], input_vectors=I)
np.savez("bad/model_n_mismatch.npz", m=m, n=n[:8], input_vectors=I)
np.savez("bad/model_inputs_mismatch.npz", m=m, n=n, input_vectors=I[:10])
np.savez("bad/model_h0_length.npz", m=m, n=n, input_vectors=I, h0=np.zeros(N + 1))
np.savez("bad/model_nan.npz", m=np.where(np.arange(N)[:, None] == 3, np.nan, m), n=n, input_vectors=I)
np.savez("bad/model_nonlinearity.npz", m=m, n=n, input_vectors=I, nonlinearity=np.array("sigmoid"))
np.savez("bad/model_pickled.npz", m=np.array([{"weights": 1}], dtype=object), n=n, input_vectors=I)
np.savez("bad/model_J_not_square.npz", J=rng.standard_normal((N, N - 1)), input_vectors=I)

# Datasets.
np.savez("bad/data_no_inputs.npz", activity=rng.standard_normal((4, 10, N)).astype(np.float32))
np.savez("bad/data_inputs_2d.npz", inputs=good_inputs[:, :, 0])
np.savez("bad/data_inputs_wrong_k.npz", inputs=good_inputs[:, :, :2])
nan_inputs = good_inputs.copy()
nan_inputs[2, 5, 1] = np.nan
np.savez("bad/data_inputs_nan.npz", inputs=nan_inputs)
inf_inputs = good_inputs.copy()
inf_inputs[0, 1, 2] = np.inf
np.savez_compressed("bad/data_inputs_inf.npz", inputs=inf_inputs)
np.savez("bad/data_inputs_pickled.npz", inputs=np.array([[1, "a"]], dtype=object))
np.savez("bad/data_good.npz", inputs=good_inputs, extra_labels=np.array(["x", "y"]),
         extra_objects=np.array([None, {"a": 1}], dtype=object))
np.savez("bad/model_good.npz", m=m, n=n, input_vectors=I)

# Not numpy at all, and a truncated archive.
with open("bad/not_numpy.npz", "w") as f:
    f.write("trial,time,neuron,rate\n0,0,0,1.5\n")
with open("bad/data_good.npz", "rb") as f:
    whole = f.read()
with open("bad/data_truncated.npz", "wb") as f:
    f.write(whole[: len(whole) // 2])

"""Writes the fixtures of the `lintel simulate` tests with numpy alone.

Each model is saved the way a user would write one by hand (docs/FORMATS.md keys, some left out so
that Lintel's defaults apply), and the expected trajectories come from a plain numpy
implementation of docs/METHOD.md §1:

    x_{t+1} = x_t + alpha * (-x_t + J phi(x_t) + I u_t),  J = m n^T / N (low rank)
    states = x_1 ... x_T, rates = phi(states), outputs = tanh(states) w (/ N for low rank)

Run from this folder:  python3 make_simulate_fixtures.py
"""
import numpy as np

rng = np.random.default_rng(20261129)


def simulate(m=None, n=None, J=None, I=None, h0=None, alpha=0.2, phi=np.tanh, w=None, u=None):
    N = m.shape[0] if J is None else J.shape[0]
    trials, T, _ = u.shape
    x = np.tile(np.zeros(N) if h0 is None else h0, (trials, 1))
    states = np.zeros((trials, T, N))
    for t in range(T):
        r = phi(x)
        recurrent = (r @ n) @ m.T / N if J is None else r @ J.T
        x = x + alpha * (-x + recurrent + u[:, t] @ I.T)
        states[:, t] = x
    rates = phi(states)
    outputs = None
    if w is not None:
        outputs = np.tanh(states) @ w
        if J is None:
            outputs = outputs / N
    return states, rates, outputs


def relu(x):
    return np.maximum(x, 0)


# 1. The reference model: N = 64, R = 2, K = 3, tanh, noise 0. Written with only m, n,
#    input_vectors and a unicode nonlinearity: h0, alpha and noise_std take their defaults.
N, R, K, trials, T = 64, 2, 3, 6, 40
m = rng.standard_normal((N, R))
n = rng.standard_normal((N, R)) + 1.5 * m  # some self-coupling, so the dynamics are not trivial
I = rng.standard_normal((N, K))
u = (rng.standard_normal((trials, T, K)) * 0.5).astype(np.float32)
np.savez("simulate/lowrank_model.npz", m=m, n=n, input_vectors=I, nonlinearity=np.array("tanh"))
np.savez_compressed(
    "simulate/lowrank_inputs.npz",
    inputs=u,
    time_ms=np.arange(T, dtype=np.float64) * 20,
    input_names=np.array(["a", "b", "c"]),
)
states, rates, _ = simulate(m=m, n=n, I=I, u=u.astype(np.float64))
np.savez_compressed("simulate/lowrank_expected.npz", states=states, rates=rates)

# 2. A full-rank ReLU network with readout, h0 and alpha 0.1, stored in float32 and Fortran order.
N2, K2, O2, trials2, T2 = 32, 2, 2, 4, 25
J = (rng.standard_normal((N2, N2)) * 0.9 / np.sqrt(N2)).astype(np.float32)
I2 = rng.standard_normal((N2, K2)).astype(np.float32)
w2 = (rng.standard_normal((N2, O2)) / N2).astype(np.float32)
h02 = (rng.standard_normal(N2) * 0.3).astype(np.float32)
u2 = rng.standard_normal((trials2, T2, K2)).astype(np.float32)
np.savez(
    "simulate/fullrank_model.npz",
    J=np.asfortranarray(J),
    input_vectors=I2,
    readout=w2,
    h0=h02,
    alpha=np.float64(0.1),
    noise_std=np.float64(0.0),
    nonlinearity=np.array("relu"),
    task=np.array("none"),
)
np.savez("simulate/fullrank_inputs.npz", inputs=u2)
states2, rates2, outputs2 = simulate(
    J=J.astype(np.float64), I=I2.astype(np.float64), h0=h02.astype(np.float64), alpha=0.1,
    phi=relu, w=w2.astype(np.float64), u=u2.astype(np.float64))
np.savez_compressed(
    "simulate/fullrank_expected.npz", states=states2, rates=rates2, outputs=outputs2)

"""Writes preparation.npz: a small recording and what each preparation makes of it, computed
here with numpy (ranges with np.ptp, components by SVD rather than the covariance's
eigenvectors), for ActivityPreparationTests.

Run with numpy from anywhere: python3 make_preparation_fixtures.py
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(21)
trials, steps, neurons = 5, 9, 7
# Rates in Hz with neurons of very different sizes, one nearly silent (range ≪ c).
gains = np.array([40.0, 12.0, 3.0, 25.0, 0.2, 8.0, 60.0])
base = np.array([10.0, 5.0, 1.0, 20.0, 0.1, 2.0, 30.0])
latent = rng.normal(size=(trials, steps, 3))
mixing = rng.normal(size=(3, neurons))
activity = base + gains * np.tanh(latent @ mixing) + gains * 0.1 * rng.normal(size=(trials, steps, neurons))
activity = np.maximum(activity, 0).astype(np.float32)


def prepare(a, c, k, learn):
    """soft-normalise (c, or None), centre, project on k PCs (or None), global RMS scale; every
    statistic from the trials `learn`. Returns prepared, undenoised, means (recorded units),
    scales (in all)."""
    x = a.astype(np.float64).reshape(trials * steps, neurons)
    rows = np.concatenate([np.arange(t * steps, (t + 1) * steps) for t in learn])
    divisor = np.ptp(x[rows], axis=0) + c if c is not None else np.ones(neurons)
    x = x / divisor
    mean = x[rows].mean(0)
    x = x - mean
    undenoised = x.copy()
    if k is not None:
        _, _, vt = np.linalg.svd(x[rows], full_matrices=False)
        x = x @ vt[:k].T @ vt[:k]
    rms = np.sqrt((x[rows] ** 2).mean())
    shape = (trials, steps, neurons)
    return (x / rms).reshape(shape), (undenoised / rms).reshape(shape), mean * divisor, divisor * rms


everything = list(range(trials))
soft, soft_undenoised, soft_mean, soft_scale = prepare(activity, 5.0, None, everything)
pcs, pcs_undenoised, pcs_mean, pcs_scale = prepare(activity, 5.0, 3, everything)
held, held_undenoised, held_mean, held_scale = prepare(activity, 5.0, 3, [0, 1, 3, 4])
np.savez(
    os.path.join(HERE, "preparation.npz"),
    activity=activity,
    soft=soft, soft_mean=soft_mean, soft_scale=soft_scale,
    pcs=pcs, pcs_undenoised=pcs_undenoised, pcs_mean=pcs_mean, pcs_scale=pcs_scale,
    held=held, held_undenoised=held_undenoised, held_mean=held_mean, held_scale=held_scale,
)

"""Writes the fixture of the held-out baseline tests with numpy alone.

A small dataset (10 trials x 6 bins x 5 neurons, 2 inputs that differ by trial and bin, a mask
with a few zero entries) and, computed here independently of Lintel, the held-out R^2 of:
  - the training trials' mean at each (bin, neuron);
  - ridge regression of activity on the inputs with its own weights and intercept per bin, the
    penalty chosen from a grid by leave-one-trial-out error on the training trials, found by
    refitting without each trial (not by the hat-matrix shortcut Lintel uses);
  - PCA reconstruction with 1 and 2 dimensions, axes fitted on the training trials.
Masked activity entries are filled with the training mean at that (bin, neuron) before fitting
and projecting; R^2 is 1 - SSE/SST over unmasked held-out entries, SST about their grand mean.

Run from this folder:  python3 make_baseline_fixtures.py
"""
import numpy as np

rng = np.random.default_rng(20261207)
trials, T, N, K = 10, 6, 5, 2
train, held = np.arange(7), np.arange(7, 10)

inputs = rng.normal(size=(trials, T, K))
weights = rng.normal(size=(T, K, N))
activity = np.einsum("atk,tkn->atn", inputs, weights) + 0.5 * np.sin(np.arange(T))[None, :, None] \
    + 0.3 * rng.normal(size=(trials, T, N))
# The file holds float32, as Lintel reads it: the expected values are computed from those numbers.
activity = activity.astype(np.float32).astype(np.float64)
inputs = inputs.astype(np.float32).astype(np.float64)
mask = np.ones((trials, T, 1))
mask[1, 2, 0] = 0
mask[8, 4, 0] = 0

w = mask[..., 0][..., None] * np.ones((1, 1, N))
mean = (w[train] * activity[train]).sum(0) / w[train].sum(0)
filled = np.where(w > 0, activity, mean[None])


def r2(prediction):
    y = activity[held]
    m = w[held] > 0
    sst = ((y[m] - y[m].mean()) ** 2).sum()
    return 1 - ((prediction[m] - y[m]) ** 2).sum() / sst


training_mean = r2(np.repeat(mean[None], len(held), 0))


def ridge_fit(X, Y, lam):
    xm, ym = X.mean(0), Y.mean(0)
    Xc, Yc = X - xm, Y - ym
    W = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ Yc)
    return lambda Z: (Z - xm) @ W + ym


spread = sum(((inputs[train, t] - inputs[train, t].mean(0)) ** 2).sum() for t in range(T)) / (T * K)
grid = [10 ** e * spread for e in np.arange(-4, 4.01, 0.5)]
errors = []
for lam in grid:
    e = 0.0
    for t in range(T):
        X, Y = inputs[train, t], filled[train, t]
        for i in range(len(train)):
            keep = np.arange(len(train)) != i
            e += ((ridge_fit(X[keep], Y[keep], lam)(X[i:i + 1]) - Y[i:i + 1]) ** 2).sum()
    errors.append(e)
penalty = grid[int(np.argmin(errors))]
ridge = np.stack([ridge_fit(inputs[train, t], filled[train, t], penalty)(inputs[held, t]) for t in range(T)], 1)
input_regression = r2(ridge)

rows = filled[train].reshape(-1, N)
mu = rows.mean(0)
_, _, vt = np.linalg.svd(rows - mu, full_matrices=False)
pca = []
for k in (1, 2):
    V = vt[:k].T
    y = filled[held].reshape(-1, N)
    pca.append(r2((mu + (y - mu) @ V @ V.T).reshape(len(held), T, N)))

np.savez("baselines.npz", activity=activity.astype(np.float32), inputs=inputs.astype(np.float32),
         mask=mask.astype(np.float32), training_mean=training_mean, input_regression=input_regression,
         input_regression_penalty=penalty, pca_reconstruction=np.array(pca))
print("training mean", training_mean, "input regression", input_regression, "penalty", penalty, "pca", pca)

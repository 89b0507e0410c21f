"""Leave-one-condition-out on the M1 sample for one `lintel prepare` recipe: the measurement
behind prepare's defaults (README, "Recorded data", "Why prepare's defaults are what they are").

    python3 bench/m1_prepare_recipes.py LINTEL OUT_DIR [prepare options…]
    python3 bench/m1_prepare_recipes.py .build/release/lintel /tmp/m1-default
    python3 bench/m1_prepare_recipes.py .build/release/lintel /tmp/m1-pca12 --soft-normalize none --pca 12

For ranks 2, 3, 4 and each reach direction k it runs `lintel fit p.npz --target currents --rank R
--epochs 1000 --holdout-condition k --seed SEED` (SEED from $SEED, default 1), then `lintel
simulate` of each fit, and prints per rank the pooled held-out R² (all eight held-out
directions' predictions together against their activity together, grand mean of the pooled
data), in the prepared units, in recorded units (× activity_scale) and, with PCA, against
activity_undenoised in recorded units. With $LEARN_WITHOUT=1 each fold is prepared with
--learn-without-condition k (preprocessing that has not seen the held-out direction).
"""
import os
import subprocess
import sys

import numpy as np

lintel, out = sys.argv[1], sys.argv[2]
options = sys.argv[3:]
seed = os.environ.get("SEED", "1")
learn_without = os.environ.get("LEARN_WITHOUT") == "1"
recording = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-data", "m1-reaching-hatsopoulos2007.npz")
os.makedirs(out, exist_ok=True)


def run(arguments):
    subprocess.run([lintel] + arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prepared(fold):
    path = os.path.join(out, f"p-{fold}.npz" if learn_without else "p.npz")
    if not os.path.exists(path):
        run(["prepare", recording, "--out", path] + options + (["--learn-without-condition", str(fold)] if learn_without else []))
    return path


def r2(y, p):
    return 1 - ((y - p) ** 2).sum() / ((y - y.mean()) ** 2).sum()


for rank in (2, 3, 4):
    observed, undenoised, predicted, scales = [], [], [], []
    for fold in range(8):
        data = prepared(fold)
        folder = os.path.join(out, f"r{rank}-k{fold}-s{seed}")
        if not os.path.exists(os.path.join(folder, "metrics.json")):
            run(["fit", data, "--target", "currents", "--rank", str(rank), "--epochs", "1000",
                 "--holdout-condition", str(fold), "--seed", seed, "--out", folder])
        trajectories = os.path.join(out, "trajectories.npz")
        run(["simulate", "--model", folder, "--inputs", data, "--out", trajectories])
        d = np.load(data)
        observed.append(d["activity"][fold].astype(np.float64))
        key = "activity_undenoised" if "activity_undenoised" in d.files else "activity"
        undenoised.append(d[key][fold].astype(np.float64))
        predicted.append(np.load(trajectories)["states"][fold].astype(np.float64))
        scales.append(np.broadcast_to(d["activity_scale"].astype(np.float64), observed[-1].shape))
    observed, undenoised, predicted, scales = map(np.stack, (observed, undenoised, predicted, scales))
    print(f"rank {rank}: pooled R² {r2(observed, predicted):.3f} prepared units, "
          f"{r2(observed * scales, predicted * scales):.3f} recorded units, "
          f"{r2(undenoised * scales, predicted * scales):.3f} against the undenoised activity (recorded units)")

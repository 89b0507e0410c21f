#!/usr/bin/env python3
"""Lintel against the PyTorch opponent scripts at the shapes of lab recordings, side by side.

Two modes, both one thread against one thread, run back to back in alternating pairs (Lintel,
then each PyTorch implementation, repeated), so that a machine whose speed drifts slows both
sides alike; the tables give the median of the pairs' ratios and their range, never one run.

  epochs   For each recording shape, `lintel bench --config rec-SHAPE` (the optimiser steps
           of an epoch) against the opponent's per-epoch timing script (`--torch-lint PATH`,
           called with --impl bptt|autograd --N --R --K --T --B --trials). Prints seconds per
           epoch (medians of each run's epochs) and the ratios PyTorch / Lintel.
  fit      A whole `lintel fit` of a prepared dataset against the opponent's whole-fit script
           (`--torch-fit PATH`, called with DATA --rank --epochs --target --holdout --impl):
           wall seconds and held-out R² of both, and the ratios of the wall seconds.

The opponent scripts are the PyTorch opponent scripts (hand-written BPTT and autograd); they
are not part of Lintel and are given by path. Only numpy is needed here; the opponents run
under --torch-python (an interpreter with torch).

  python3 bench/recording_shapes.py epochs --lintel .build/release/lintel \\
      --torch-lint PATH/torch_lint.py --torch-python VENV/bin/python --pairs 6
  python3 bench/recording_shapes.py fit --lintel .build/release/lintel \\
      --torch-fit PATH/torch_fit.py --torch-python VENV/bin/python \\
      --data p12.npz --rank 3 --epochs 2000 --target currents --holdout 3 --pairs 3

--avx2 runs both sides on AVX2 instructions only (OpenBLAS's Haswell kernels for Lintel,
PyTorch's AVX2 kernels and MKL's AVX2 path for the opponent); give it a Lintel built with
LINTEL_TARGET_CPU=haswell (bench/README.md).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

# The recording shapes of `lintel bench` (its rec-… configurations): units N, rank R, inputs
# K, steps T, batch B and training trials, as the opponent's timing script takes them.
SHAPES = {
    "n141-t121-b7": dict(N=141, R=3, K=3, T=121, B=7, trials=7),
    "n300-t150-b32": dict(N=300, R=3, K=3, T=150, B=32, trials=72),
    "n50-t100-b8": dict(N=50, R=2, K=2, T=100, B=8, trials=8),
}

IMPLEMENTATIONS = ("bptt", "autograd")


def one_thread_environment(avx2, side):
    """The environment of one run: one thread, and with --avx2 the AVX2 paths of that side."""
    environment = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        environment[name] = "1"
    if avx2 and side == "lintel":
        environment["OPENBLAS_CORETYPE"] = "Haswell"
    if avx2 and side == "torch":
        environment["ATEN_CPU_CAPABILITY"] = "avx2"
        environment["MKL_ENABLE_INSTRUCTIONS"] = "AVX2"
    return environment


def run_json(command, environment):
    """Runs a command and returns (the JSON document it printed last on stdout, wall seconds)."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.strip()}")
    text = result.stdout.strip()
    # lintel prints one (pretty-printed) document; the opponents print one JSON line last.
    try:
        return json.loads(text), wall
    except json.JSONDecodeError:
        return json.loads(text.splitlines()[-1]), wall


def torch_lint_command(args, implementation, shape):
    command = [args.torch_python, args.torch_lint, "--impl", implementation, "--sigma", "0",
               "--epochs", str(args.torch_epochs), "--repeats", "1", "--warmup_runs", "1"]
    if implementation == "bptt":
        # Its fastest form: tanh through sigmoid and malloc tuned to reuse big tensors.
        command += ["--tanh", "sigmoid", "--malloc", "tuned"]
    for key in ("N", "R", "K", "T", "B", "trials"):
        command += [f"--{key}", str(shape[key])]
    return command


def summary(values, unit=""):
    """'median (low–high)' of a list of numbers, three significant digits."""
    values = np.asarray(values, dtype=float)
    return f"{np.median(values):.3g}{unit} ({values.min():.3g}–{values.max():.3g})"


def epochs_mode(args):
    shapes = args.shapes.split(",") if args.shapes else list(SHAPES)
    rows = []
    for name in shapes:
        shape = SHAPES[name]
        seconds = {"lintel": [], **{impl: [] for impl in args.impl}}
        for pair in range(args.pairs):
            report, _ = run_json(
                [args.lintel, "bench", "--config", f"rec-{name}", "--repetitions", str(args.lintel_repetitions),
                 "--json"], one_thread_environment(args.avx2, "lintel"))
            seconds["lintel"].append(report["results"][0]["medianSecondsPerEpoch"])
            for implementation in args.impl:
                result, _ = run_json(torch_lint_command(args, implementation, shape),
                                     one_thread_environment(args.avx2, "torch"))
                seconds[implementation].append(result["s_per_epoch_median"])
            print(f"{name} pair {pair + 1}: " + ", ".join(f"{side} {values[-1]:.3g} s"
                                                          for side, values in seconds.items()),
                  file=sys.stderr, flush=True)
        rows.append((name, shape, seconds))

    print(f"\nSeconds per epoch, one thread each, {args.pairs} alternating pairs "
          f"(median of pairs, range){'; AVX2 instructions only' if args.avx2 else ''}:\n")
    header = "| shape (trials × T × N, R, K, batch) | Lintel | " + " | ".join(
        f"PyTorch {impl}" for impl in args.impl) + " | " + " | ".join(
        f"{impl} / Lintel" for impl in args.impl) + " |"
    print(header)
    print("|" + "---|" * (2 + 2 * len(args.impl)))
    for name, shape, seconds in rows:
        lintel = np.asarray(seconds["lintel"])
        ratios = [summary(np.asarray(seconds[impl]) / lintel, "×") for impl in args.impl]
        cells = [summary(seconds["lintel"])] + [summary(seconds[impl]) for impl in args.impl] + ratios
        label = (f"`rec-{name}`: {shape['trials']} × {shape['T']} × {shape['N']}, "
                 f"R {shape['R']}, K {shape['K']}, B {shape['B']}")
        print(f"| {label} | " + " | ".join(cells) + " |")


def fit_mode(args):
    scratch = tempfile.mkdtemp(prefix="recording-shapes-")
    walls = {"lintel": [], **{impl: [] for impl in args.impl}}
    r2 = {"lintel": [], **{impl: [] for impl in args.impl}}
    fit_alone = []  # Lintel's own wall_seconds of the fit (metrics.json): no start-up, loading, files
    try:
        for pair in range(args.pairs):
            out = os.path.join(scratch, f"fit{pair}")
            metrics, wall = run_json(
                [args.lintel, "fit", args.data, "--rank", str(args.rank), "--epochs", str(args.epochs),
                 "--target", args.target, "--holdout", args.holdout, "--out", out, "--json"],
                one_thread_environment(args.avx2, "lintel"))
            walls["lintel"].append(wall)
            fit_alone.append(metrics["wall_seconds"])
            r2["lintel"].append(metrics["r2_global"])
            for implementation in args.impl:
                result, _ = run_json(
                    [args.torch_python, args.torch_fit, args.data, "--rank", str(args.rank), "--epochs",
                     str(args.epochs), "--target", args.target, "--holdout", args.holdout, "--impl", implementation],
                    one_thread_environment(args.avx2, "torch"))
                walls[implementation].append(result["wall_s"])
                r2[implementation].append(result["heldout_r2"])
            print(f"pair {pair + 1}: " + ", ".join(f"{side} {walls[side][-1]:.3g} s (R² {r2[side][-1]:.3f})"
                                                   for side in walls), file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"\nWhole fit of {os.path.basename(args.data)} (rank {args.rank}, {args.epochs} epochs, "
          f"target {args.target}, held out {args.holdout}), one thread each, {args.pairs} alternating pairs"
          f"{'; AVX2 instructions only' if args.avx2 else ''}:\n")
    print("| | wall s (median, range) | held-out R² | wall / Lintel's |")
    print("|---|---|---|---|")
    lintel = np.asarray(walls["lintel"])
    for side in walls:
        label = "Lintel (`lintel fit`, process wall time)" if side == "lintel" else f"PyTorch {side}"
        ratio = "—" if side == "lintel" else summary(np.asarray(walls[side]) / lintel, "×")
        print(f"| {label} | {summary(walls[side])} | {summary(r2[side])} | {ratio} |")
        if side == "lintel":
            print(f"| … its fit alone (metrics.json `wall_seconds`) | {summary(fit_alone)} | | |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode", required=True)
    for mode in ("epochs", "fit"):
        sub = modes.add_parser(mode)
        sub.add_argument("--lintel", required=True, help="a release build of lintel")
        sub.add_argument("--torch-python", default=sys.executable, help="the interpreter with torch")
        sub.add_argument("--pairs", type=int, default=6, help="alternating runs of each side")
        sub.add_argument("--impl", default="bptt,autograd", type=lambda text: text.split(","),
                         help="the opponent's implementations to run (bptt, autograd)")
        sub.add_argument("--avx2", action="store_true",
                         help="AVX2 instructions only on both sides (Lintel built with LINTEL_TARGET_CPU=haswell)")
        if mode == "epochs":
            sub.add_argument("--torch-lint", required=True, help="the opponent's per-epoch timing script")
            sub.add_argument("--shapes", default="", help=f"comma-separated, of {', '.join(SHAPES)} (default: all)")
            sub.add_argument("--lintel-repetitions", type=int, default=20, help="timed epochs per lintel run")
            sub.add_argument("--torch-epochs", type=int, default=10, help="timed epochs per opponent run")
        else:
            sub.add_argument("--torch-fit", required=True, help="the opponent's whole-fit script")
            sub.add_argument("--data", required=True, help="a prepared dataset (.npz)")
            sub.add_argument("--rank", type=int, default=3)
            sub.add_argument("--epochs", type=int, default=2000)
            sub.add_argument("--target", choices=("rates", "currents"), default="currents")
            sub.add_argument("--holdout", default="3", help="held-out trial indices, comma-separated")
    args = parser.parse_args()
    for implementation in args.impl:
        if implementation not in IMPLEMENTATIONS:
            parser.error(f"--impl: {implementation} is not one of {', '.join(IMPLEMENTATIONS)}")
    if args.mode == "epochs":
        for name in filter(None, args.shapes.split(",")):
            if name not in SHAPES:
                parser.error(f"--shapes: {name} is not one of {', '.join(SHAPES)}")
        epochs_mode(args)
    else:
        fit_mode(args)


if __name__ == "__main__":
    main()

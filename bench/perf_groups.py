#!/usr/bin/env python3
"""Where a `lintel bench` run's time goes, in the groups of bench/README.md ("Recording shapes").

Reads `perf script` output (a `perf record -e cpu-clock -F 10000 -g` of `lintel bench`) on stdin
and sorts each sample by its call stack: first by what called it (the validation scoring of an
epoch; history, events and checkpoints; the once-per-fit set-up and final scoring), then by the
function it was in (forward kernel, backward kernel, per-step gradient sums, BLAS, copies).
Samples outside the timed part (loading the program, the start-up sgemm timing, making the data:
everything before the first sample inside it, and any stack through the set-up) are left out and
counted on their own line. OpenBLAS and the Swift runtime keep no frame pointers, so perf cannot
follow the stack out of them: such samples are sorted by the function alone.

  perf record -e cpu-clock -F 10000 -g -o rec.data .build/release/lintel bench --config rec-n141-t121-b7 --repetitions 2000
  perf script -i rec.data | python3 bench/perf_groups.py
"""

import sys
from collections import Counter

# (group, substrings of a frame anywhere in the stack), checked in this order.
CALLERS = [
    ("validation (held-out trials scored each epoch)", ["ValidationEvaluatorC6scores"]),
    ("history, events, checkpoints", ["FitCheckpoint", "ModelFile", "writeHistory", "RunFolder", "AtomicFile",
                                      "EventHub", "FitEvent", "FolderLease", "reparametrised"]),
    ("once per fit: initialisation, final scoring", ["startingTrainingLoss", "FitRunC6finish", "StudentInitialisation",
                                                     "FitSettingsCheck", "RNNWorkspaceC3for", "ValidationEvaluatorC",
                                                     "TrialSplit"]),
]
# (group, substrings of the sampled function's name).
FUNCTIONS = [
    ("forward kernel (linearCombinationTanh)", ["linearCombinationTanh"]),
    ("backward kernel (backwardWithLoss, backwardRatesLoss, tanhBackward)",
     ["backwardWithLoss", "backwardRatesLoss", "tanhBackward"]),
    ("per-step gradient sums (accumulateRowProducts)", ["accumulateRowProducts", "accumulateGroup"]),
    ("BLAS (sgemm, sdot: κ projections)", ["sgemm", "sdot", "cblas_", "_COOPERLAKE", "_SKYLAKEX", "_HASWELL",
                                           "_ZEN", "gemm_", "dot_k"]),
    ("gather, copies (memmove)", ["memmove", "memcpy", "TrialBatch", "gather"]),
]
OTHER = "other (Adam, clipping, the step loop, the Swift runtime, the system)"
TIMED = ["BenchmarkRunnerC8runEpoch", "FitRun"]
# Not timed: making the data, the start-up sgemm timing, loading the program.
SETUP = ["sgemmGflops", "syntheticRecording", "SyntheticTeacher", "Simulator", "BenchmarkRunnerC_",
         "ContextDecisionTask", "_dl_", "do_lookup", "dl_main", "PeakMemory"]



def samples(lines):
    """Yields each sample's stack, innermost frame first, as a list of symbol names."""
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if line[0] in " \t":
            parts = line.split(None, 1)
            stack.append(parts[1] if len(parts) > 1 else "")
    if stack:
        yield stack


def group(stack):
    def anywhere(markers):
        return any(marker in frame for frame in stack for marker in markers)

    if anywhere(SETUP):
        return None
    if not anywhere(TIMED):
        # perf could not follow the stack (OpenBLAS and the Swift runtime keep no frame
        # pointers): sorted by the function alone.
        for name, markers in FUNCTIONS:
            if any(marker in stack[0] for marker in markers):
                return name
        return OTHER
    for name, markers in CALLERS:
        if any(marker in frame for frame in stack for marker in markers):
            return name
    for name, markers in FUNCTIONS:
        if any(marker in stack[0] for marker in markers):
            return name
    return OTHER


def main():
    counts, outside, started = Counter(), 0, False
    for stack in samples(sys.stdin):
        # perf script lists samples in time order, and the timed part comes after the set-up:
        # a sample before the first one inside it is set-up, whatever its stack.
        started = started or any(marker in frame for frame in stack for marker in TIMED)
        name = group(stack) if started else None
        if name is None:
            outside += 1
        else:
            counts[name] += 1
    total = sum(counts.values())
    if total == 0:
        sys.exit("no samples of the timed part (record with -g, of a release build of lintel bench)")
    order = [name for name, _ in FUNCTIONS] + [name for name, _ in CALLERS] + [OTHER]
    for name in order:
        if counts[name]:
            print(f"{100 * counts[name] / total:5.1f} %  {name}")
    print(f"({total} samples timed; {outside} outside the timed part left out)")


if __name__ == "__main__":
    main()

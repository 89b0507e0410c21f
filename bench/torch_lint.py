#!/usr/bin/env python3
"""The LINT fit of `lintel bench` in PyTorch, for a side-by-side speed comparison.

Same problem as `lintel bench --config lint-n512-r1`: a rank-R student (N units, K = 4 inputs,
T = 68 steps, alpha = 0.2, tanh, no noise, x_0 = 0) fitted to the rates of a random rank-R teacher
on CDM-like inputs; loss = mean squared error on the rates; Adam (lr 1e-2, default betas),
minibatches of 32 of 800 training trials (25 optimiser steps per epoch), gradient-norm clipping
at 1. One thread (torch.set_num_threads(1)).

Two implementations:
  autograd    idiomatic PyTorch: a module whose forward loops over time; loss.backward().
  handwritten backpropagation through time written out by hand (no autograd): preallocated
              time-major buffers, in-place updates, every parameter gradient as one matrix
              product over all steps.

Prints seconds per epoch (fastest and median of --epochs timed epochs, after one warm-up epoch)
and checks that both implementations give the same gradient.

Usage (see bench/README.md):
  bench/.venv/bin/python bench/torch_lint.py [--units 512] [--rank 1] [--epochs 5] [--json]
"""

import argparse
import json
import statistics
import time

import torch


def cdm_inputs(trials, steps, generator):
    """CDM-shaped inputs (docs/METHOD.md §4): two noisy stimuli from step 22 to 62, a context cue."""
    u = torch.zeros(trials, steps, 4)
    coherences = torch.tensor([-4.0, -2.0, -1.0, 1.0, 2.0, 4.0]) * 0.1
    pick = torch.randint(0, 6, (trials, 2), generator=generator)
    context = torch.randint(0, 2, (trials,), generator=generator)
    u[:, 22:62, 0] = coherences[pick[:, 0]].unsqueeze(1)
    u[:, 22:62, 1] = coherences[pick[:, 1]].unsqueeze(1)
    u[:, :, :2] += 0.1 * torch.randn(trials, steps, 2, generator=generator)
    u[torch.arange(trials), 5:, 2 + context] = 0.1
    return u


class LowRankRNN(torch.nn.Module):
    """x_{t+1} = x_t + alpha (-x_t + m n^T tanh(x_t) / N + I u_t); rates tanh(x_1) ... tanh(x_T)."""

    def __init__(self, units, rank, inputs, alpha, generator):
        super().__init__()
        self.units, self.alpha = units, alpha
        self.m = torch.nn.Parameter(torch.randn(units, rank, generator=generator))
        self.n = torch.nn.Parameter(torch.randn(units, rank, generator=generator))
        self.input_vectors = torch.nn.Parameter(torch.randn(units, inputs, generator=generator))

    def forward(self, u):
        batch, steps, _ = u.shape
        x = u.new_zeros(batch, self.units)
        drive = u @ self.input_vectors.T
        rates = []
        for t in range(steps):
            kappa = torch.tanh(x) @ self.n / self.units
            x = x + self.alpha * (-x + kappa @ self.m.T + drive[:, t])
            rates.append(torch.tanh(x))
        return torch.stack(rates, dim=1)


def autograd_epoch(model, optimizer, inputs, targets, order, batch):
    for start in range(0, len(order), batch):
        index = order[start:start + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = torch.mean((model(inputs[index]) - targets[index]) ** 2)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()


class HandwrittenBPTT:
    """Forward and exact backward of the same network without autograd, on time-major buffers."""

    def __init__(self, units, rank, inputs, steps, batch, alpha):
        self.N, self.R, self.K, self.T, self.B, self.alpha = units, rank, inputs, steps, batch, alpha
        self.x = torch.zeros(steps + 1, batch, units)
        self.r = torch.zeros(steps + 1, batch, units)
        self.kappa = torch.zeros(steps, batch, rank)
        self.g = torch.zeros(steps, batch, units)  # dL/dx_1 ... dL/dx_T
        self.dkappa = torch.zeros(steps, batch, rank)
        self.scratch = torch.zeros(batch, units)

    def loss_and_gradients(self, m, n, input_vectors, u, y):
        """u: (T, B, K), y: (T, B, N) time-major. Returns loss and (dm, dn, dI)."""
        N, T, a = self.N, self.T, self.alpha
        x, r, kappa, g, dkappa = self.x, self.r, self.kappa, self.g, self.dkappa
        x[0].zero_()
        r[0].zero_()
        # alpha I u_t for every step at once, straight into x_1 ... x_T.
        torch.matmul(u, input_vectors.T, out=x[1:])
        x[1:].mul_(a)
        decay = 1 - a
        mt = m.T * a
        for t in range(T):
            torch.mm(r[t], n, out=kappa[t])
            kappa[t].div_(N)
            x[t + 1].add_(x[t], alpha=decay).addmm_(kappa[t], mt)
            torch.tanh(x[t + 1], out=r[t + 1])
        # Loss and direct gradients: d/dx of mean (tanh x - y)^2.
        error = r[1:] - y
        loss = error.pow(2).mean()
        derivative = 1 - r[1:] * r[1:]
        torch.mul(error, derivative, out=g).mul_(2.0 / error.numel())
        nt = n.T / N
        for t in range(T - 1, 0, -1):
            torch.mm(g[t], m, out=dkappa[t]).mul_(a)
            torch.mm(dkappa[t], nt, out=self.scratch)
            g[t - 1].add_(g[t], alpha=decay).addcmul_(derivative[t - 1], self.scratch)
        torch.mm(g[0], m, out=dkappa[0]).mul_(a)
        rows = T * self.B
        gf = g.reshape(rows, N)
        dm = a * gf.T @ kappa.reshape(rows, self.R)
        dn = r[:T].reshape(rows, N).T @ dkappa.reshape(rows, self.R) / N
        dI = a * gf.T @ u.reshape(rows, self.K)
        return loss, (dm, dn, dI)


def handwritten_epoch(engine, parameters, optimizer, inputs_tm, targets_tm, order, batch):
    m, n, input_vectors = parameters
    for start in range(0, len(order), batch):
        index = order[start:start + batch]
        with torch.no_grad():
            _, grads = engine.loss_and_gradients(m, n, input_vectors, inputs_tm[:, index], targets_tm[:, index])
        for p, gradient in zip(parameters, grads):
            p.grad = gradient
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=512)
    parser.add_argument("--rank", type=int, default=1)
    parser.add_argument("--steps", type=int, default=68)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--trials", type=int, default=800, help="training trials per epoch")
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs (after one warm-up)")
    parser.add_argument("--only", choices=["autograd", "handwritten"], help="run one implementation")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    generator = torch.Generator().manual_seed(1)
    N, R, K, T, B = args.units, args.rank, 4, args.steps, args.batch
    alpha = 0.2
    inputs = cdm_inputs(args.trials, T, generator)
    with torch.no_grad():
        teacher = LowRankRNN(N, R, K, alpha, generator)
        targets = teacher(inputs)

    # Both implementations give the same gradient (float64, one batch).
    check = LowRankRNN(N, R, K, alpha, generator).double()
    u64, y64 = inputs[:B].double(), targets[:B].double()
    loss = torch.mean((check(u64) - y64) ** 2)
    loss.backward()
    engine64 = HandwrittenBPTT(N, R, K, T, B, alpha)
    for name in ["x", "r", "kappa", "g", "dkappa", "scratch"]:
        setattr(engine64, name, getattr(engine64, name).double())
    with torch.no_grad():
        loss2, grads = engine64.loss_and_gradients(
            check.m, check.n, check.input_vectors, u64.transpose(0, 1).contiguous(), y64.transpose(0, 1).contiguous())
    worst = max(float((a - p.grad).abs().max() / p.grad.abs().max())
                for a, p in zip(grads, [check.m, check.n, check.input_vectors]))
    assert abs(loss2.item() - loss.item()) < 1e-12 and worst < 1e-9, (loss2.item(), loss.item(), worst)

    results = {"torch": torch.__version__, "threads": torch.get_num_threads(), "units": N, "rank": R,
               "inputs": K, "steps": T, "batch": B, "trials": args.trials,
               "steps_per_epoch": (args.trials + B - 1) // B, "gradient_check_relative_error": worst}

    def measure(run_epoch):
        times = []
        for epoch in range(args.epochs + 1):
            order = torch.randperm(args.trials, generator=generator)
            start = time.perf_counter()
            run_epoch(order)
            if epoch > 0:
                times.append(time.perf_counter() - start)
        return min(times), statistics.median(times)

    if args.only in (None, "autograd"):
        model = LowRankRNN(N, R, K, alpha, generator)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
        best, median = measure(lambda order: autograd_epoch(model, optimizer, inputs, targets, order, B))
        results["autograd_seconds_per_epoch"] = best
        results["autograd_median_seconds_per_epoch"] = median
    if args.only in (None, "handwritten"):
        student = LowRankRNN(N, R, K, alpha, generator)
        parameters = [student.m, student.n, student.input_vectors]
        optimizer = torch.optim.Adam(parameters, lr=1e-2)
        engine = HandwrittenBPTT(N, R, K, T, B, alpha)
        inputs_tm = inputs.transpose(0, 1).contiguous()
        targets_tm = targets.transpose(0, 1).contiguous()
        best, median = measure(
            lambda order: handwritten_epoch(engine, parameters, optimizer, inputs_tm, targets_tm, order, B))
        results["handwritten_seconds_per_epoch"] = best
        results["handwritten_median_seconds_per_epoch"] = median

    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    else:
        print(f"PyTorch {results['torch']}, {results['threads']} thread, N = {N}, R = {R}, K = {K}, T = {T}, "
              f"batch {B}, {args.trials} trials ({results['steps_per_epoch']} steps per epoch)")
        for name in ["autograd", "handwritten"]:
            if f"{name}_seconds_per_epoch" in results:
                print(f"  {name:12s} {results[f'{name}_seconds_per_epoch']:.3f} s/epoch "
                      f"(median {results[f'{name}_median_seconds_per_epoch']:.3f})")


if __name__ == "__main__":
    main()

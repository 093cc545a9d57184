"""Peer for bench/loss-grad.ts: numpy/scipy evaluating L_tau and its gradient.

Reads {"sigma0", "Ws": [W...], "tau", "reps"} as JSON on stdin; R0 is
precomputed (as the issue asks). Per call: X = R0 W, A = X X^T + tau Sigma0,
(mu, Q) = eigh(A), loss = |W|^2 + n tau + tr Sigma0 - 2 sum sqrt(mu),
grad = 2 (W - R0 Q diag(mu^-1/2) Q^T X). Prints per-call times (seconds) and
the last loss/gradient for a cross-check, as JSON.
"""
import json
import sys
import time

import numpy as np
import scipy.linalg


def main():
    req = json.load(sys.stdin)
    sigma0 = np.array(req["sigma0"], dtype=float)
    ws = [np.array(w, dtype=float) for w in req["Ws"]]
    tau, reps = float(req["tau"]), int(req["reps"])
    n = sigma0.shape[0]
    lam, vec = np.linalg.eigh(sigma0)
    r0 = (vec * np.sqrt(np.clip(lam, 0, None))) @ vec.T
    tr0 = float(np.trace(sigma0))

    def loss_grad(w):
        x = r0 @ w
        a = x @ x.T + tau * sigma0
        mu, q = scipy.linalg.eigh(a, check_finite=False)
        loss = float(np.sum(w * w)) + n * tau + tr0 - 2.0 * float(np.sum(np.sqrt(mu)))
        grad = 2.0 * (w - r0 @ (q @ ((q.T @ x) / np.sqrt(mu)[:, None])))
        return loss, grad

    for w in ws:  # warm-up
        loss_grad(w)
    times = []
    out = None
    for k in range(reps):
        w = ws[k % len(ws)]
        t0 = time.perf_counter()
        out = loss_grad(w)
        times.append(time.perf_counter() - t0)
    last = ws[(reps - 1) % len(ws)]
    json.dump({"times": times, "loss": out[0], "grad": out[1].tolist(), "lastIndex": (reps - 1) % len(ws), "shape": list(last.shape)}, sys.stdout)


if __name__ == "__main__":
    main()

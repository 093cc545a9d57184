"""Peer for bench/train.ts: numpy running the same gradient descent on the
layers of a deep linear network for L_tau (same start, same step), one BLAS
thread. Reads {"sigma0", "layers", "tau", "lr", "steps", "formula"?}; prints
{"seconds", "loss"} (CPU seconds, time.process_time).

formula "eigh" (the default): the loss and gradient from eigh of
A = X X^T + tau Sigma0, the loss in the trace form, which cancels near the
minimum. formula "svd": the same work bwcheck does to stay accurate there,
LAPACK's SVD (gesdd) of Y = R0 [W, sqrt(tau) I], P = U V^T, and the
cancellation-free loss ||X - R0 P||^2 (docs/PAPER.md section 2).
"""
import json
import sys
import time

import numpy as np


def main():
    req = json.load(sys.stdin)
    sigma0 = np.array(req["sigma0"], dtype=float)
    layers = [np.array(w, dtype=float) for w in req["layers"]]
    tau, lr, steps = float(req["tau"]), float(req["lr"]), int(req["steps"])
    svd_formula = req.get("formula", "eigh") == "svd"
    n = sigma0.shape[0]
    lam, vec = np.linalg.eigh(sigma0)
    r0 = (vec * np.sqrt(np.clip(lam, 0, None))) @ vec.T
    tr0 = float(np.trace(sigma0))
    N = len(layers)

    def step():
        prefix = [np.eye(layers[0].shape[1])]
        for w in layers:
            prefix.append(w @ prefix[-1])
        suffix = [np.eye(n)]
        for w in reversed(layers):
            suffix.append(suffix[-1] @ w)
        suffix = suffix[::-1]  # suffix[j] = W_N ... W_{j+1}
        W = prefix[-1]
        if svd_formula:
            big_x = np.hstack([W, np.sqrt(tau) * np.eye(n)])
            u, _, vt = np.linalg.svd(r0 @ big_x, full_matrices=False)
            r0p = (r0 @ u) @ vt
            loss = float(np.sum((big_x - r0p) ** 2))
            g = 2.0 * (W - r0p[:, : W.shape[1]])
        else:
            x = r0 @ W
            a = x @ x.T + tau * sigma0
            mu, q = np.linalg.eigh(a)
            loss = float(np.sum(W * W)) + n * tau + tr0 - 2.0 * float(np.sum(np.sqrt(mu)))
            g = 2.0 * (W - r0 @ (q @ ((q.T @ x) / np.sqrt(mu)[:, None])))
        for j in range(N):
            layers[j] -= lr * (suffix[j + 1].T @ g @ prefix[j].T)
        return loss

    t0 = time.process_time()
    loss = None
    for _ in range(steps):
        loss = step()
    json.dump({"seconds": time.process_time() - t0, "loss": loss}, sys.stdout)


if __name__ == "__main__":
    main()

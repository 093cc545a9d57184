"""Peer for bench/loss-grad.ts and bench/hessian.ts: numpy/scipy doing the same
work as the numeric core, R0 precomputed, one BLAS thread (set by the caller).

Reads {"mode", "sigma0", "Ws": [W...], "tau", "batches", "perBatch"} as JSON on
stdin and cycles through the Ws (so no cache answers a repeated point):
- mode "lossgrad": X = R0 W, A = X X^T + tau Sigma0, (mu, Q) = eigh(A),
  loss = |W|^2 + n tau + tr Sigma0 - 2 sum sqrt(mu),
  grad = 2 (W - R0 Q diag(mu^-1/2) Q^T X);
- mode "hessian": the full (nm)x(nm) Hessian by the Daleckii-Krein formula
  (docs/PAPER.md section 3) on the same eigh: with P = Q^T R0, N = Q^T X,
  J = d vec(Q^T dA Q) / d vec(E) = P (x) N + its (i, j)-transpose,
  K_ij = -1 / (sqrt(mu_i) sqrt(mu_j) (sqrt(mu_i) + sqrt(mu_j))),
  H = 2 I - 2 (P (x) N)^T diag(vec K) J - 2 (R0 A^-1/2 R0) (x) I_m, symmetrised.
Prints the per-call CPU seconds of each batch (time.process_time: the
machine is shared, and CPU time does not count the time other processes
hold the core) and the last result, as JSON.
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
    tau, mode = float(req["tau"]), req["mode"]
    batches, per_batch = int(req["batches"]), int(req["perBatch"])
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

    def hessian(w):
        m = w.shape[1]
        x = r0 @ w
        a = x @ x.T + tau * sigma0
        mu, q = scipy.linalg.eigh(a, check_finite=False)
        rt = np.sqrt(mu)
        k = -1.0 / (rt[:, None] * rt[None, :] * (rt[:, None] + rt[None, :]))
        p, nn = q.T @ r0, q.T @ x
        j1 = np.kron(p, nn)
        j = j1 + j1.reshape(n, n, n * m).transpose(1, 0, 2).reshape(n * n, n * m)
        inner = r0 @ ((q / rt) @ q.T) @ r0
        h = 2.0 * np.eye(n * m) - 2.0 * (j1.T @ (k.reshape(-1)[:, None] * j)) - 2.0 * np.kron(inner, np.eye(m))
        return 0.5 * (h + h.T)

    f = loss_grad if mode == "lossgrad" else hessian
    for w in ws:  # warm-up
        f(w)
    times, out, k = [], None, 0
    for _ in range(batches):
        t0 = time.process_time()
        for _ in range(per_batch):
            out = f(ws[k % len(ws)])
            k += 1
        times.append((time.process_time() - t0) / per_batch)
    result = {"times": times, "lastIndex": (k - 1) % len(ws)}
    if mode == "lossgrad":
        result["loss"], result["grad"] = out[0], out[1].tolist()
    else:
        result["hessian"] = out.tolist()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

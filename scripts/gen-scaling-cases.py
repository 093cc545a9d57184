"""Generates test/fixtures/bw-scaling-cases.json: 50-digit mpmath references for
the numeric core's path choice and speed work (issue 13), run once:

    python3 scripts/gen-scaling-cases.py

Two families, every input stored as the exact float64 the tests read:
- "cond": n = 8, A = R0 (W W^T + tau I) R0 with cond A = 1e2, 1e4, ..., 1e12
  (tau = 0: W = R0^{-1} U diag(s) V^T with s geometric; tau = 0.1: Sigma0 with a
  geometric spectrum, so that A >= tau Sigma0 is ill-conditioned itself);
- "random": the benchmark's family (Sigma0 spectrum in [0.5, 5], W = G / sqrt(n),
  G Gaussian) at n = 4, 8, 16, 32, 64 for tau = 0.1 and 0; Hessians at n <= 8.
Conventions as test/fixtures/bw-cases.json: loss = B^2(W W^T + tau I, Sigma0),
grad = dloss/dW, hessian on row-major vec(W). cond A is computed at 50 digits.
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.dps = 50


def mpm(a):
    return mp.matrix([[mp.mpf(float(x)) for x in row] for row in a])


def sym_eig(a):
    e, q = mp.eigsy(a)
    return [e[i] for i in range(a.rows)], q


def reference(sigma0, w, tau, with_hessian):
    n, m = w.shape
    S, W = mpm(sigma0), mpm(w)
    lam, om = sym_eig(S)
    R0 = om * mp.diag([mp.sqrt(max(l, 0)) for l in lam]) * om.T
    X = R0 * W
    A = X * X.T + tau * S
    mu, Q = sym_eig(A)
    rt = [mp.sqrt(x) for x in mu]
    trS = sum(S[i, i] for i in range(n))
    fro = sum(W[i, j] ** 2 for i in range(n) for j in range(m))
    loss = fro + n * tau + trS - 2 * sum(rt)
    Ainvh = Q * mp.diag([1 / r for r in rt]) * Q.T
    G = 2 * (W - R0 * Ainvh * X)
    out = {
        "loss": float(loss),
        "grad": [[float(G[i, j]) for j in range(m)] for i in range(n)],
        "condA": float(max(mu) / min(mu)),
    }
    if with_hessian:
        # Daleckii-Krein: D grad[E] = 2 (E - R0 dAinvh[dA] X - R0 Ainvh R0 E),
        # dA = R0 (E W^T + W E^T) R0, dAinvh = Q (K o Q^T dA Q) Q^T, K_ij = -1/(rt_i rt_j (rt_i + rt_j))
        K = mp.matrix(n, n)
        for i in range(n):
            for j in range(n):
                K[i, j] = -1 / (rt[i] * rt[j] * (rt[i] + rt[j]))
        H = [[None] * (n * m) for _ in range(n * m)]
        R0Ainvh = R0 * Ainvh
        for k in range(n * m):
            E = mp.matrix(n, m)
            E[k // m, k % m] = 1
            dA = R0 * (E * W.T + W * E.T) * R0
            F = Q.T * dA * Q
            for i in range(n):
                for j in range(n):
                    F[i, j] *= K[i, j]
            D = 2 * (E - R0 * (Q * F * Q.T) * X - R0Ainvh * R0 * E)
            for i in range(n):
                for j in range(m):
                    H[i * m + j][k] = D[i, j]
        out["hessian"] = [[float((H[a][b] + H[b][a]) / 2) for b in range(n * m)] for a in range(n * m)]
    return out


def spectrum_matrix(lams, rng):
    n = len(lams)
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    q = q * np.sign(np.diag(r))
    s = (q * np.asarray(lams)) @ q.T
    return (s + s.T) / 2


def main():
    rng = np.random.default_rng(20261129)
    cases = []
    n = 8
    for k in range(2, 13, 2):
        target = 10.0 ** k
        # tau = 0: cond A = (s_max / s_min)^2
        sigma0 = spectrum_matrix(np.linspace(0.5, 5, n), rng)
        lam, vec = np.linalg.eigh(sigma0)
        r0inv = (vec / np.sqrt(lam)) @ vec.T
        u, _ = np.linalg.qr(rng.standard_normal((n, n)))
        v, _ = np.linalg.qr(rng.standard_normal((n, n)))
        s = np.geomspace(1, target ** -0.5, n)
        w = r0inv @ (u * s) @ v.T
        cases.append({"family": "cond", "targetCond": target, "sigma0": sigma0.tolist(), "W": w.tolist(), "tau": 0.0})
        # tau = 0.1: A >= tau Sigma0, so ill-conditioning comes from Sigma0
        tau = 0.1
        w = rng.standard_normal((n, n)) / np.sqrt(n)
        top = 5 * (np.linalg.norm(w, 2) ** 2 + tau)
        sigma0 = spectrum_matrix(np.geomspace(5, top / (tau * target), n), rng)
        cases.append({"family": "cond", "targetCond": target, "sigma0": sigma0.tolist(), "W": w.tolist(), "tau": tau})
    for n in (4, 8, 16, 32, 64):
        for tau in (0.1, 0.0):
            sigma0 = spectrum_matrix(0.5 + 4.5 * (np.arange(n) + rng.random(n)) / n, rng)
            w = rng.standard_normal((n, n)) / np.sqrt(n)
            cases.append({"family": "random", "sigma0": sigma0.tolist(), "W": w.tolist(), "tau": tau})
    for c in cases:
        n = len(c["sigma0"])
        c["expect"] = reference(np.array(c["sigma0"]), np.array(c["W"]), c["tau"], n <= 8)
        print(c["family"], n, c["tau"], "cond A = %.2e" % c["expect"]["condA"], flush=True)
    path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "bw-scaling-cases.json")
    with open(path, "w") as f:
        json.dump({"generator": "scripts/gen-scaling-cases.py (mpmath, 50 digits)", "cases": cases}, f)


if __name__ == "__main__":
    main()

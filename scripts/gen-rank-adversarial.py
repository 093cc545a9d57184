#!/usr/bin/env python3
"""50-digit references for test/rank-adversarial.test.ts (mpmath at 60 digits).

Each case is an exact input: W = D1 H D2 with H the Sylvester-Hadamard matrix
of order n (entries ±1), D1 = diag(2^d1), D2 = diag(2^d2) (integer exponents),
so every entry of W is ±2^k, stored exactly. Σ0 = I. The reference is the
polar factor P = U Vᵀ of W (∇L = 2 (W − P), docs/PAPER.md §2) and the
singular values of W. Run from the repository root:
    python3 scripts/gen-rank-adversarial.py > test/fixtures/rank-adversarial.json
"""
import json
import mpmath as mp

mp.mp.dps = 60


def hadamard(n):
    h = [[1]]
    while len(h) < n:
        h = [r + r for r in h] + [r + [-x for x in r] for r in h]
    return h


def graded(n, d1, d2):
    h = hadamard(n)
    return [[h[i][j] * mp.ldexp(1, d1[i] + d2[j]) for j in range(n)] for i in range(n)]


CASES = [
    {
        "name": "two-sided graded Hadamard, n = 16, exponents down to -79 per side",
        "n": 16,
        "d1": [-5, -74, -45, -1, -13, -72, -57, -30, -15, -15, -47, -14, -51, -73, -30, -51],
        "d2": [-56, -61, -63, -79, -35, -45, -32, -72, -60, -32, -36, -30, -11, -29, -11, -6],
    },
]

out = []
for c in CASES:
    W = mp.matrix(graded(c["n"], c["d1"], c["d2"]))
    U, S, V = mp.svd_r(W)
    P = U * V
    n = c["n"]
    sig = sorted([S[i] for i in range(n)], reverse=True)
    out.append({**c, "polar": [[float(P[i, j]) for j in range(n)] for i in range(n)], "sigma": [mp.nstr(s, 20) for s in sig]})
print(json.dumps({"generator": "scripts/gen-rank-adversarial.py", "digits": 60, "cases": out}, indent=1))

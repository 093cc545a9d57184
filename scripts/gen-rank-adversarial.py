#!/usr/bin/env python3
"""50-digit references for test/rank-adversarial.test.ts (mpmath at 90 digits).

Each case is an exact input: W = D1 H D2 with H the Sylvester-Hadamard matrix
of order n (entries ±1), D1 = diag(2^d1), D2 = diag(2^d2) (integer exponents),
so every entry of W is ±2^k, stored exactly. Σ0 = I. The reference is the
polar factor P = U Vᵀ of W (∇L = 2 (W − P), docs/PAPER.md §2) and the
singular values of W, and how far one rounding per entry of W moves ∇L
(gradRoundingChange, the larger of two random draws). Run from the
repository root:
    python3 scripts/gen-rank-adversarial.py > test/fixtures/rank-adversarial.json
"""
import json
import random
import mpmath as mp

mp.mp.dps = 90


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
# more of the same kind: exponents drawn uniformly from [-(g-1), 0], seeded
rng = random.Random(20261129)
for n, g in [(16, 60), (16, 80), (32, 60), (32, 80)]:
    for _ in range(2):
        CASES.append({
            "name": f"two-sided graded Hadamard, n = {n}, exponents in [-{g - 1}, 0]",
            "n": n,
            "d1": [-rng.randrange(g) for _ in range(n)],
            "d2": [-rng.randrange(g) for _ in range(n)],
        })


def polar(W):
    U, S, V = mp.svd_r(W)
    return U * V, S


out = []
noise = random.Random(7)
for c in CASES:
    n = c["n"]
    W = mp.matrix(graded(n, c["d1"], c["d2"]))
    P, S = polar(W)
    G = 2 * (W - P)
    # conditioning: the largest relative change of ∇L = 2 (W − P) over two draws of one rounding per entry of W
    floor = mp.mpf(0)
    for _ in range(2):
        Wp = W.copy()
        for i in range(n):
            for j in range(n):
                Wp[i, j] = W[i, j] * (1 + mp.ldexp(2 * noise.random() - 1, -53))
        Pp, _ = polar(Wp)
        floor = max(floor, mp.mnorm(2 * (P - Pp), "F") / mp.mnorm(G, "F"))
    sig = sorted([S[i] for i in range(n)], reverse=True)
    out.append({**c, "polar": [[float(P[i, j]) for j in range(n)] for i in range(n)], "sigma": [mp.nstr(s, 20) for s in sig], "gradRoundingChange": float(floor)})
# one case per line
print('{"generator": "scripts/gen-rank-adversarial.py", "digits": 90, "cases": [')
print(",\n".join(json.dumps(c) for c in out))
print("]}")

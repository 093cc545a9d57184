#!/usr/bin/env python3
"""
Generates, once, test/fixtures/sigma-singular.json: 50-digit references for
Σ-space at a singular target Σ0 (rank k < n), docs/PAPER.md §2–3:

  B²(Σ, Σ0) = tr Σ + tr Σ0 − 2 tr M^{1/2},   M = R0 Σ R0,  R0 = Σ0^{1/2},
  ∇_Σ B²    = I − T,   T = R0 M^{+1/2} R0   (M^{+1/2}: the inverse square root on range M),
  D²B²(Σ)[E] = R0 Q (K ∘ Fᵀ) Qᵀ R0,  F = Qᵀ R0 E R0 Q,  K_ij = 1/(σ_i σ_j (σ_i + σ_j)),
with Q (n×k) the eigenvectors of M's k nonzero eigenvalues σ_i². Where
rank M = rank Σ0 = k, range M = range R0 for every Σ nearby, so B² is smooth
there and these are its derivatives (the case k = n is the usual one). Where
rank M < k the case is marked not differentiable.

Every input is exact in doubles: Σ0 = B Bᵀ with small integer B (exactly
singular), Σ a double matrix; mpmath at 60 digits reads an eigenvalue at or
below n ε max|λ| of an input as 0 (the library's convention, docs/accuracy.md),
which for these exactly singular Σ0 is mpmath's own O(1e-60). Each gradient
and Hessian-vector product is also checked here against a 60-digit central
difference of the reference itself (h = 1e-20, 25 digits), so a wrong formula cannot
produce a fixture.

Run: python3 scripts/gen-sigma-singular.py   (numpy + mpmath; a few seconds)
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "sigma-singular.json")


def to_mp(a):
    return mp.matrix([[mp.mpf(float(x)) for x in row] for row in np.asarray(a, dtype=float)])


def sym(m):
    return (m + m.T) / 2


def eig_kept(a):
    """Eigenvalues and eigenvectors of symmetric a, those at or below n ε max|λ| read as 0."""
    e, q = mp.eigsy(sym(a))
    tol = a.rows * mp.mpf(2) ** -52 * max(abs(x) for x in e)
    return [x if x > tol else mp.mpf(0) for x in e], q


def sqrt_psd(a):
    e, q = eig_kept(a)
    return q * mp.diag([mp.sqrt(x) for x in e]) * q.T


def trace(m):
    return mp.fsum(m[i, i] for i in range(m.rows))


def parts(s, s0):
    """R0, Q (n×r, M's eigenvectors with nonzero eigenvalue), σ (√ of those), rank r of M."""
    r0 = sqrt_psd(s0)
    m = r0 * s * r0
    e, q = eig_kept(m)
    keep = [i for i, x in enumerate(e) if x > 0]
    n = s.rows
    Q = mp.matrix(n, len(keep))
    for c, i in enumerate(keep):
        for r in range(n):
            Q[r, c] = q[r, i]
    return r0, Q, [mp.sqrt(e[i]) for i in keep]


def bures2(s, s0):
    r0, Q, sig = parts(s, s0)
    return trace(s) + trace(r0 * r0) - 2 * mp.fsum(sig)


def transport(s, s0):
    r0, Q, sig = parts(s, s0)
    z = r0 * Q * mp.diag([1 / mp.sqrt(x) for x in sig])
    return z * z.T


def grad(s, s0):
    return mp.eye(s.rows) - transport(s, s0)


def hvp(s, s0, e):
    r0, Q, sig = parts(s, s0)
    k = len(sig)
    f = Q.T * r0 * e * r0 * Q
    g = mp.matrix(k, k)
    for i in range(k):
        for j in range(k):
            g[i, j] = f[j, i] / (sig[i] * sig[j] * (sig[i] + sig[j]))
    return r0 * Q * g * Q.T * r0


def inner(a, b):
    return mp.fsum(a[i, j] * b[i, j] for i in range(a.rows) for j in range(a.cols))


def rows(m):
    return [[float(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]


def check(s, s0, e):
    """The formulas against 60-digit central differences along the symmetric direction e."""
    h = mp.mpf("1e-20")  # truncation O(h²) = 1e-40, rounding 1e-60/h: 25 digits agree or the formula is wrong
    fd = (bures2(s + h * e, s0) - bures2(s - h * e, s0)) / (2 * h)
    d = abs(fd - inner(grad(s, s0), e))
    assert d < mp.mpf("1e-25") * max(1, abs(fd)), f"gradient formula: {mp.nstr(d, 5)}"
    fd2 = (grad(s + h * e, s0) - grad(s - h * e, s0)) / (2 * h)
    d = mp.mnorm(fd2 - hvp(s, s0, e), 1)
    assert d < mp.mpf("1e-25") * max(1, mp.mnorm(fd2, 1)), f"Hessian formula: {mp.nstr(d, 5)}"


def ulp_sensitivity(sigma, s0, ref, fn):
    """max over 3 draws of ‖f(Σ') − f(Σ)‖_F / ‖f(Σ)‖_F, Σ' = Σ with every entry moved by ±1 ulp
    (re-symmetrised): the conditioning of f at this input, the floor for any double-precision method
    (as scripts/gen-edge-fixtures.py)."""
    rng = np.random.default_rng(7)
    worst = mp.mpf(0)
    for _ in range(3):
        s2 = np.asarray(sigma) * (1 + np.finfo(float).eps * rng.choice([-1, 1], np.shape(sigma)))
        s2 = (s2 + s2.T) / 2
        worst = max(worst, mp.mnorm(fn(to_mp(s2), s0) - ref, "f") / mp.mnorm(ref, "f"))
    return float(worst)


def random_pd(n, cond, rng):
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = np.geomspace(1, 1 / cond, n)
    a = (q * lam) @ q.T
    return (a + a.T) / 2


def main():
    rng = np.random.default_rng(20261129)
    specs = [
        ("rank 2 of 3, Σ ≻ 0", [[1, 2], [0, 1], [1, -1]], random_pd(3, 10, rng)),
        ("rank 1 of 4, Σ ≻ 0", [[1], [-2], [0], [3]], random_pd(4, 100, rng)),
        ("rank 3 of 4, Σ ≻ 0 with cond 1e6", [[1, 0, 2], [2, 1, 0], [0, -1, 1], [1, 1, 1]], random_pd(4, 1e6, rng)),
        ("Σ0 = diag(1, 0, 4), Σ ≻ 0", [[1, 0], [0, 0], [0, 2]], random_pd(3, 30, rng)),
        ("rank 2 of 3, Σ = Σ0 (itself singular, M of rank 2 = rank Σ0)", [[1, 2], [0, 1], [1, -1]], None),
        ("rank 2 of 3, Σ of rank 1 (M of rank 1 < 2)", [[1, 2], [0, 1], [1, -1]], "rank1"),
    ]
    cases = []
    for name, b, sigma in specs:
        b = np.array(b, dtype=float)
        s0d = b @ b.T  # small integers: exact in doubles
        if sigma is None:
            sigma = s0d.copy()
        elif isinstance(sigma, str):
            v = np.array([[1.0], [-1.0], [2.0]])
            sigma = v @ v.T
        s0, s = to_mp(s0d), to_mp(sigma)
        r0, Q, sig = parts(s, s0)
        k = sum(1 for x in eig_kept(s0)[0] if x > 0)
        case = {"id": name, "sigma0": s0d.tolist(), "Sigma": np.asarray(sigma).tolist(), "rankSigma0": k, "rankM": len(sig)}
        if len(sig) < k:
            case["differentiable"] = False
            case["expect"] = {"bures2": float(bures2(s, s0))}
        else:
            e = rng.standard_normal((s.rows, s.rows))
            e = (e + e.T) / 2
            em = to_mp(e)
            check(s, s0, em)
            case["differentiable"] = True
            case["E"] = e.tolist()
            g, t, hv = grad(s, s0), transport(s, s0), hvp(s, s0, em)
            case["expect"] = {
                "bures2": float(bures2(s, s0)),
                "scale": float(trace(s) + trace(s0)),
                "grad": rows(g),
                "gradUlpSensitivity": ulp_sensitivity(sigma, s0, g, grad),
                "transportMap": rows(t),
                "transportMapUlpSensitivity": ulp_sensitivity(sigma, s0, t, transport),
                "hvp": rows(hv),
                "hvpUlpSensitivity": ulp_sensitivity(sigma, s0, hv, lambda a, b: hvp(a, b, em)),
            }
        cases.append(case)
    notes = ("50-digit references (mpmath, 60 digits, from the exact doubles stored here) for Σ-space at singular targets; "
             "generated once by scripts/gen-sigma-singular.py, formulas checked there against 60-digit central differences. "
             "grad = I − T, T = R0 (R0 Σ R0)^{+1/2} R0; hvp = D²B²(Σ)[E]; scale = tr Σ + tr Σ0; "
             "*UlpSensitivity = the largest relative change of that value when every entry of Σ moves by one ulp.")
    with open(OUT, "w") as fh:
        json.dump({"notes": notes, "cases": cases}, fh, indent=1)
        fh.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()

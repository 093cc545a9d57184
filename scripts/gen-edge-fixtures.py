#!/usr/bin/env python3
"""
Generates, once, the 50-digit reference values for issue 11 ("Exact at the
edges"):

  test/fixtures/peer-regressions.json   inputs that broke peer libraries
  test/fixtures/edge-accuracy.json      the accuracy table (cond 1e2, 1e8, 1e12,
                                        spreads, near-equal pairs; Σ- and W-space)

Every input is a matrix of doubles (stored exactly in the JSON); the reference
values are computed from those exact doubles with mpmath at 60 significant
digits (eigsy), then rounded to the nearest double. Conventions as
docs/PAPER.md §2:
  B²(Σ, Σ0) = tr Σ + tr Σ0 − 2 tr (R0 Σ R0)^{1/2},  R0 = Σ0^{1/2},
  L_τ(W)    = B²(W Wᵀ + τ I, Σ0),
  T         = R0 (R0 Σ R0)^{-1/2} R0.
Exactly singular inputs follow the library's convention (docs/accuracy.md): an
exact eigenvalue of an input at or below n ε max|λ| is read as 0 (B² is only
Hölder-½ there: keeping a rounding-level 1e-17 eigenvalue would move B² by
≈ 1e-9). mpmath's eigenvalues of an exactly singular matrix are O(1e-60) and
are read as 0 likewise, so those references keep about 30 digits.

Run: python3 scripts/gen-edge-fixtures.py   (numpy + mpmath; about a minute)
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "test", "fixtures")


def to_mp(a):
    a = np.asarray(a, dtype=float)
    return mp.matrix([[mp.mpf(float(x)) for x in row] for row in a])


def sym(m):
    return (m + m.T) / 2


def sqrt_psd(a):
    """A^{1/2} with the library's convention (docs/accuracy.md): eigenvalues at or below
    n ε max|λ| — here the exact eigenvalues of the double matrix — read as 0."""
    e, q = mp.eigsy(sym(a))
    tol = a.rows * mp.mpf(2) ** -52 * max(abs(x) for x in e)
    d = mp.diag([mp.sqrt(x) if x > tol else mp.mpf(0) for x in e])
    return q * d * q.T


def trace(m):
    return mp.fsum(m[i, i] for i in range(m.rows))


def bw2(s, s0):
    """B²(F Fᵀ, R0 R0) with F = Σ^{1/2}, R0 = Σ0^{1/2} as in sqrt_psd: tr FFᵀ + tr R0² − 2 Σ √eig(R0 F Fᵀ R0)."""
    f, r0 = sqrt_psd(s), sqrt_psd(s0)
    y = r0 * f
    e, _ = mp.eigsy(sym(y * y.T))
    return trace(f * f.T) + trace(r0 * r0) - 2 * mp.fsum(mp.sqrt(x) if x > 0 else 0 for x in e)


def transport(s, s0):
    r0 = sqrt_psd(s0)
    e, q = mp.eigsy(sym(r0 * s * r0))
    d = mp.diag([1 / mp.sqrt(x) for x in e])
    return r0 * (q * d * q.T) * r0


def hvp(s, s0, e):
    """D²B²(Σ)[E] = R0 Q (K ∘ Fᵀ) Qᵀ R0, F = Qᵀ R0 E R0 Q, K_ij = 1/(r_i r_j (r_i + r_j)), r = √μ (docs/PAPER.md §3)."""
    r0 = sqrt_psd(s0)
    mu, q = mp.eigsy(sym(r0 * s * r0))
    r = [mp.sqrt(x) for x in mu]
    f = q.T * r0 * e * r0 * q
    n = s.rows
    g = mp.matrix(n, n)
    for i in range(n):
        for j in range(n):
            g[i, j] = f[j, i] / (r[i] * r[j] * (r[i] + r[j]))
    return r0 * q * g * q.T * r0


def wloss(w, tau, s0):
    n = w.rows
    return bw2(w * w.T + tau * mp.eye(n), s0)


def rows(m):
    return [[float(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]


def num(x):
    return float(x)


def exact(x):
    return mp.nstr(x, 30)


def with_spectrum(rng, ev):
    n = len(ev)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    a = (q * np.asarray(ev, dtype=float)) @ q.T
    return sym(a)


def logspace(n, cond, top=1.0):
    return [top * cond ** (-i / (n - 1)) for i in range(n)]


def sigma_case(cid, s, s0, **extra):
    S, S0 = to_mp(s), to_mp(s0)
    # identical arguments: B²(A, A) = 0 exactly (for a double matrix that rounding left slightly
    # indefinite, e.g. ψψᵀ, the trace formula on its clipped eigenvalues would say ±1e-17 instead)
    v = mp.mpf(0) if np.array_equal(s, s0) else bw2(S, S0)
    out = {"id": cid, "Sigma": np.asarray(s).tolist(), "sigma0": np.asarray(s0).tolist(),
           "expect": {"bures2": num(v), "bures2Exact": exact(v), "scale": num(trace(S) + trace(S0))}}
    if extra.pop("transport", False):
        t = transport(S, S0)
        out["expect"]["transportMap"] = rows(t)
        out["expect"]["transportMapUlpSensitivity"] = ulp_sensitivity(s, S0, t, transport)
        # one Hessian-vector product along a fixed symmetric direction E (entries in [-1, 1])
        e = sym(np.random.default_rng(3).uniform(-1, 1, np.shape(s)))
        h = hvp(S, S0, to_mp(e))
        out["E"] = e.tolist()
        out["expect"]["hvp"] = rows(h)
        out["expect"]["hvpUlpSensitivity"] = ulp_sensitivity(s, S0, h, lambda a, b: hvp(a, b, to_mp(e)))
    out.update(extra)
    return out


def ulp_sensitivity(s, S0, t, fn):
    """max over 3 draws of ‖f(Σ') − f(Σ)‖_F / ‖f(Σ)‖_F (f = T or the HVP), Σ' = Σ with every entry
    moved by ±1 ulp: the conditioning of f at this input, the floor for any double-precision method."""
    rng = np.random.default_rng(7)
    worst = mp.mpf(0)
    for _ in range(3):
        s2 = sym(np.asarray(s) * (1 + np.finfo(float).eps * rng.choice([-1, 1], np.shape(s))))
        worst = max(worst, mp.mnorm(fn(to_mp(s2), S0) - t, "f") / mp.mnorm(t, "f"))
    return float(worst)


def w_case(cid, w, tau, s0, **extra):
    W, S0 = to_mp(w), to_mp(s0)
    v = wloss(W, mp.mpf(tau), S0)
    n = W.rows
    out = {"id": cid, "W": np.asarray(w).tolist(), "tau": tau, "sigma0": np.asarray(s0).tolist(),
           "expect": {"loss": num(v), "lossExact": exact(v), "scale": num(trace(W * W.T) + n * tau + trace(S0))}}
    out.update(extra)
    return out


def near_equal(rng, a):
    """a with every entry moved by a few ulps (then re-symmetrised): within rounding of a."""
    b = a * (1 + 4 * np.finfo(float).eps * rng.standard_normal(a.shape))
    return sym(b)


def accuracy_cases():
    rng = np.random.default_rng(20260611)
    n = 6
    sig, wsp = [], []
    for cond in [1e2, 1e8, 1e12]:
        s0 = with_spectrum(rng, logspace(n, cond))
        s = with_spectrum(rng, logspace(n, cond))
        sig.append(sigma_case(f"cond {cond:.0e}: independent pair", s, s0, cond=cond, kind="pair", transport=True))
        sig.append(sigma_case(f"cond {cond:.0e}: Σ = Σ0", s0, s0, cond=cond, kind="equal"))
        sig.append(sigma_case(f"cond {cond:.0e}: Σ within a few ulps of Σ0", near_equal(rng, s0), s0, cond=cond, kind="near-equal"))
        w = rng.standard_normal((n, n)) / np.sqrt(n)
        wsp.append(w_case(f"cond {cond:.0e}: random W, tau 0", w, 0.0, s0, cond=cond, kind="pair"))
        wsp.append(w_case(f"cond {cond:.0e}: random W, tau 0.1", w, 0.1, s0, cond=cond, kind="pair"))
        r0 = np.asarray(rows(sqrt_psd(to_mp(s0))))
        q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        wsp.append(w_case(f"cond {cond:.0e}: W = R0 Q (minimum, L = 0)", r0 @ q, 0.0, s0, cond=cond, kind="equal"))
        wsp.append(w_case(f"cond {cond:.0e}: W = R0 (1 + 1e-8 G)", r0 @ (np.eye(n) + 1e-8 * rng.standard_normal((n, n))), 0.0, s0,
                          cond=cond, kind="near-equal"))
    # spreads: the two matrices live on scales 1e12 apart
    for spread in [1e6, 1e12]:
        s0 = with_spectrum(rng, logspace(n, 1e4, top=1 / np.sqrt(spread)))
        s = with_spectrum(rng, logspace(n, 1e4, top=np.sqrt(spread)))
        sig.append(sigma_case(f"spread {spread:.0e}: Σ ~ {np.sqrt(spread):.0e}, Σ0 ~ {1/np.sqrt(spread):.0e}", s, s0,
                              cond=1e4, spread=spread, kind="spread", transport=True))
        s1 = with_spectrum(rng, logspace(n, spread))
        sig.append(sigma_case(f"spread {spread:.0e} within Σ: Σ = Σ0", s1, s1, cond=spread, kind="equal"))
    # the near-singular 40×40 sample covariances (42 samples in 40 dimensions)
    c1 = sym(np.cov(rng.standard_normal((42, 40)).T))
    c2 = sym(np.cov(rng.standard_normal((42, 40)).T))
    sig.append(sigma_case("40×40 sample covariances (42 samples): pair", c1, c2, cond=float(np.linalg.cond(c1)), kind="pair"))
    sig.append(sigma_case("40×40 sample covariance: Σ within a few ulps of Σ0", near_equal(rng, c1), c1, cond=float(np.linalg.cond(c1)), kind="near-equal"))
    return {"sigma": sig, "w": wsp}


def peer_cases():
    rng = np.random.default_rng(11)
    out = []
    # geomstats#1442: SPDBuresWassersteinMetric.dist(a, a) is NaN (no snippet in the issue:
    # reconstructed with an ill-conditioned SPD a, where the trace form goes negative and √ gives NaN)
    a = with_spectrum(rng, logspace(8, 1e10, top=3.0))
    out.append(sigma_case("geomstats#1442", a, a, url="https://github.com/geomstats/geomstats/issues/1442",
                          what="dist(a, a) of an SPD a (cond 1e10, reconstructed) must be 0, not NaN"))
    # geomstats#1882: complex squared distance for some SPD pairs (imaginary parts ~1e-10 from sqrtm(AB));
    # reconstructed: a near pair of ill-conditioned SPD matrices
    b = with_spectrum(rng, logspace(5, 1e8))
    c = sym(b + 1e-9 * with_spectrum(rng, rng.uniform(0.5, 1.5, 5)))
    out.append(sigma_case("geomstats#1882", c, b, url="https://github.com/geomstats/geomstats/issues/1882",
                          what="squared distance of a near SPD pair (cond 1e8, reconstructed): real, ≥ 0, accurate"))
    # POT#503: empirical_bures_wasserstein_mapping returns NaN when sqrtm meets a negative eigenvalue;
    # reconstructed: sample covariances from fewer samples than dimensions (rank-deficient)
    xs = rng.standard_normal((4, 6))
    xt = rng.standard_normal((40, 6)) @ np.diag([3, 2, 1, 1, 0.5, 0.1])
    cs = sym(xs.T @ xs / 4)
    ct = sym(xt.T @ xt / 40)
    out.append(sigma_case("POT#503", cs, ct, url="https://github.com/PythonOT/POT/pull/503",
                          what="rank-4 sample covariance (4 samples, 6 dims) against a full one: finite B², typed error for T"))
    # POT#708: Backend.sqrtm of torch.cov of 129 samples in 128 dims returned NaN; scaled down to 9 samples in 8 dims
    z = rng.standard_normal((9, 8))
    cz = sym(np.cov(z.T))
    z2 = rng.standard_normal((9, 8))
    cz2 = sym(np.cov(z2.T))
    out.append(sigma_case("POT#708", cz, cz2, url="https://github.com/PythonOT/POT/issues/708",
                          what="covariances of 9 samples in 8 dims (scaled down from 129 in 128): sqrt and B² finite and accurate",
                          sqrtOf="Sigma", sqrt=rows(sqrt_psd(to_mp(cz)))))
    # ott-jax#199: Bures barycenter of two near diagonal covariances returned zeros on the diagonal
    s1 = np.diag([0.3206, 0.8825, 0.1113, 0.9454, 0.0052])
    s2 = np.diag([0.3075, 0.8545, 0.1110, 0.9206, 0.0054])
    out.append(sigma_case("ott-jax#199", s1, s2, url="https://github.com/ott-jax/ott/issues/199",
                          what="the issue's two diagonal covariances: B² = Σ (√a_i − √b_i)², T = diag(√(b_i/a_i))", transport=True))
    # scipy#4866: sqrtm of this singular PSD matrix returned garbage; its root is [[√½,0,0,√½],0,0,[√½,0,0,√½]]
    m4866 = np.array([[1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 1]], dtype=float)
    out.append(sigma_case("scipy#4866", m4866, m4866, url="https://github.com/scipy/scipy/issues/4866",
                          what="exactly singular PSD matrix (rank 1): exact root, rank 1, B²(A, A) = 0",
                          sqrtOf="Sigma", sqrt=rows(sqrt_psd(to_mp(m4866)))))
    # scipy#7839: sqrtm of the zero matrix was NaN
    z2x2 = np.zeros((2, 2))
    out.append(sigma_case("scipy#7839", np.array([[2.0, 1.0], [1.0, 1.0]]), z2x2, url="https://github.com/scipy/scipy/issues/7839",
                          what="Σ0 = 0 (2×2): R0 = 0, B²(Σ, 0) = tr Σ", sqrtOf="sigma0", sqrt=[[0.0, 0.0], [0.0, 0.0]]))
    # scipy#17918 (gh-12247): sqrtm of a PSD matrix (19×19, 1 on the diagonal, 0.94 elsewhere) became complex
    m17918 = np.full((19, 19), 0.94)
    np.fill_diagonal(m17918, 1.0)
    out.append(sigma_case("scipy#17918", m17918, np.eye(19), url="https://github.com/scipy/scipy/pull/17918",
                          what="19×19 PSD matrix (0.94 off the diagonal) whose sqrtm turned complex: real root, B² against I",
                          sqrtOf="Sigma", sqrt=rows(sqrt_psd(to_mp(m17918)))))
    # julia#35058: sqrt(A*B*A') was all NaN for a near-identity A and a rank-2 B
    A = np.array([
        [0.9999999999999998, 4.649058915617843e-16, -1.3149405273715513e-16, 9.9959579317056e-17],
        [-8.326672684688674e-16, 1.0000000000000004, 2.9280733590254494e-16, -2.9993900031619594e-16],
        [9.43689570931383e-16, -1.339206523454095e-15, 1.0000000000000007, -8.550505126287743e-16],
        [-6.245004513516506e-16, -2.0122792321330962e-16, 1.183061278035052e-16, 1.0000000000000002],
    ])
    B = np.array([
        [0.09648289218436859, 0.023497875751503007, 0, 0],
        [0.023497875751503007, 0.045787575150300804, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
    ])
    aba = sym(A @ B @ A.T)
    out.append(sigma_case("julia#35058", aba, B, url="https://github.com/JuliaLang/julia/issues/35058",
                          what="A B Aᵀ (A near I, B of rank 2), symmetrised: real root ≈ [[0.307265, 0.0455076], …], B² against B",
                          sqrtOf="Sigma", sqrt=rows(sqrt_psd(to_mp(aba)))))
    # julia#11655: sqrtm of this PSD integer matrix came out complex (computed eigenvalue −5.8e-11)
    m11655 = np.array([[1421, 52503, 9933], [52503, 1942611, 367521], [9933, 367521, 69531]], dtype=float)
    ev = mp.eigsy(to_mp(m11655))[0]
    out.append(sigma_case("julia#11655", m11655, m11655, url="https://github.com/JuliaLang/julia/issues/11655",
                          what="integer PSD matrix with a (near-)zero eigenvalue: real root, B²(A, A) = 0",
                          sqrtOf="Sigma", sqrt=rows(sqrt_psd(to_mp(m11655))), exactEigenvalues=[exact(x) for x in ev]))
    # qutip#2985: bures_dist of identical density matrices was NaN (issue text not in our index; fixed by qutip PR #2993
    # "Fix bures_dist returning nan for identical density matrices"): reconstructed with a pure and a mixed state
    psi = rng.standard_normal(4)
    psi /= np.linalg.norm(psi)
    rho_pure = sym(np.outer(psi, psi))
    out.append(sigma_case("qutip#2985 (pure)", rho_pure, rho_pure, url="https://github.com/qutip/qutip/pull/2993",
                          what="identical pure-state density matrices (rank 1, reconstructed): B² = 0, not NaN"))
    rho_mixed = with_spectrum(rng, np.array(logspace(4, 1e12)) / sum(logspace(4, 1e12)))
    out.append(sigma_case("qutip#2985 (mixed)", rho_mixed, rho_mixed, url="https://github.com/qutip/qutip/pull/2993",
                          what="identical mixed density matrices (cond 1e12, reconstructed): B² = 0, not NaN"))
    return out


def main():
    notes = ("50-digit references (mpmath, 60 digits, from the exact doubles stored here); "
             "generated once by scripts/gen-edge-fixtures.py. B²(Σ, Σ0) = tr Σ + tr Σ0 − 2 tr (R0 Σ R0)^{1/2}; "
             "loss = B²(W Wᵀ + τI, Σ0); scale = tr Σ + tr Σ0 (resp. ‖W‖² + nτ + tr Σ0).")
    with open(os.path.join(FIX, "peer-regressions.json"), "w") as f:
        json.dump({"notes": notes, "cases": peer_cases()}, f, indent=1)
    with open(os.path.join(FIX, "edge-accuracy.json"), "w") as f:
        json.dump({"notes": notes, **accuracy_cases()}, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""
Generates, once, test/fixtures/rank-cases.json: 50-digit references for the
rank decisions of the W-space loss (docs/accuracy.md, "Rank decisions"):

  tiny      diagonal targets Σ0 with spread 1e0 … 1e-16 and W with tiny but
            exact singular values (square and wide), τ = 0 and τ = 0.1: a
            singular value of R0 W far below ε σ_1 that is a feature of the
            inputs, which the loss must keep (value and gradient);
  rotated   the same spectra rotated by random orthogonal matrices, formed in
            double precision (so the rotation adds rounding to the inputs);
  noise     W of rank k in exact arithmetic formed in floating point (a bᵀ,
            W_2 W_1): their extra singular values are rounding, L at τ = 0 is
            read as not differentiable there;
  singular  singular Σ0 at τ = 0, where L is differentiable iff
            rank(R0 W) = min(rank Σ0, m) (docs/accuracy.md, "Rank decisions";
            docs/PAPER.md §2 states the case Σ0 ≻ 0).

What the right answer is. Every input is a matrix of doubles stored exactly
in the JSON, and every reference is computed from those exact doubles with
mpmath at 60 significant digits: for a rotated input the rounding of the
rotation is part of the input (the library cannot know the matrix before it
was rounded). Two conventions of the library (docs/accuracy.md) apply to the
references too: an eigenvalue of Σ0 at or below n ε max|λ| is read as 0
(PAPER.md §2, "Conditioning at a singular target"; so Σ0 = diag(1, 1e-16) is
the singular diag(1, 0) and its trace term is tr R0² = 1), and a singular
value of R0 X that is rounding of a zero (noise cases) is not a feature: for
those the reference says "differentiable": false at τ = 0, and the loss
reference is the exact value at the stored doubles, which differs from the
value with those σ dropped by 2 Σ σ_noise, a rounding-level amount recorded
as noiseSigma. Each case also records its rounding floors (rounding_floor):
how much the value and the gradient move when every input entry moves by one
rounding, the limit of any double-precision method at that input.

  L_τ(W) = ‖X‖² + tr R0² − 2 ‖R0 X‖_*,  X = W (τ = 0) or [W, √τ I],
  ∇L_τ(W) = 2 (W − (R0 U_r V_rᵀ)_{:, 1..m}),  R0 X = U S Vᵀ of rank r,
given only where L_τ is differentiable (τ > 0, or r = min(rank Σ0, m)).

Run: python3 scripts/gen-rank-cases.py   (numpy + mpmath; a few seconds)
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "rank-cases.json")
EPS = mp.mpf(2) ** -52


def rows(m):
    return [[float(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]


def sqrt_psd(a):
    """R0 = Σ0^{1/2} with the library's convention: eigenvalues ≤ n ε max|λ| of the exact double matrix read as 0."""
    s = (a + a.T) / 2
    e, q = mp.eigsy(s)
    tol = a.rows * EPS * max(abs(x) for x in e)
    kept = [mp.sqrt(x) if x > tol else mp.mpf(0) for x in e]
    return q * mp.diag(kept) * q.T, sum(1 for x in kept if x > 0)


def reference(sigma0, w, tau, exact_rank_w=None):
    S0, W = mp.matrix(sigma0), mp.matrix(w)
    n, m = W.rows, W.cols
    r0, rank0 = sqrt_psd(S0)
    if tau > 0:
        X = mp.matrix(n, m + n)
        for i in range(n):
            for j in range(m):
                X[i, j] = W[i, j]
            X[i, m + i] = mp.sqrt(mp.mpf(tau))
    else:
        X = W
    Y = r0 * X
    U, S, V = mp.svd_r(Y, full_matrices=False, compute_uv=True)  # V is returned as Vᵀ
    sv = [S[i] for i in range(len(S))]
    top = max(sv) if sv else mp.mpf(0)
    # exact zeros of a 60-digit computation are O(1e-60 ‖Y‖); every feature here is ≥ 1e-40 σ_1
    r = sum(1 for x in sv if x > mp.mpf(10) ** -40 * top)
    order = sorted(range(len(sv)), key=lambda i: -sv[i])[:r]
    fro2 = mp.fsum(X[i, j] ** 2 for i in range(X.rows) for j in range(X.cols))
    tr0 = mp.fsum((r0 * r0)[i, i] for i in range(n))
    loss = fro2 + tr0 - 2 * mp.fsum(sv)
    noise = mp.mpf(0)
    if exact_rank_w is not None and tau == 0:
        # a W of rank k formed in floating point: σ_{k+1}(R0 W), … are rounding, not features
        noise = mp.fsum(sv[i] for i in order[exact_rank_w:])
        r = min(r, exact_rank_w)
        order = order[:r]
    differentiable = tau > 0 or r == min(rank0, m)
    out = {"lossMp": loss, "loss": float(loss), "lossExact": mp.nstr(loss, 30), "rankR0": rank0, "rankY": r,
           "differentiable": differentiable,
           "scale": float(mp.fsum(W[i, j] ** 2 for i in range(n) for j in range(m)) + n * mp.mpf(tau) + tr0),
           "sigmaMinY": float(min(sv[i] for i in order)) if r else 0.0, "noiseSigma": float(noise)}
    if differentiable:
        P = mp.matrix(n, X.cols)
        for k in order:
            for i in range(n):
                for j in range(X.cols):
                    P[i, j] += U[i, k] * V[k, j]
        RP = r0 * P
        g = mp.matrix(n, m)
        for i in range(n):
            for j in range(m):
                g[i, j] = 2 * (W[i, j] - RP[i, j])
        out["grad"] = rows(g)
        out["gradMp"] = [g[i, j] for i in range(n) for j in range(m)]
    return out


def rounding_floor(sigma0, w, tau, exact_rank_w, ref):
    """The componentwise first-order sensitivity of the value and the gradient to one rounding of
    every input entry: Σ_ij |∂L/∂x_ij| ε |x_ij| over the entries x of Σ0 (symmetric pairs together)
    and W, likewise Σ_ij ‖∂∇L/∂x_ij‖_F ε |x_ij| (derivatives by differences of 1e-25 relative at 60
    digits). Zero entries stay exact. This is the floor for any double-precision method: the
    inputs themselves are known to that much."""
    h = mp.mpf(10) ** -25
    u = mp.mpf(2) ** -53
    dl, dg = mp.mpf(0), mp.mpf(0)
    n, m = sigma0.shape[0], w.shape[1]
    entries = [("s", i, j) for i in range(n) for j in range(i, n) if sigma0[i, j] != 0]
    entries += [("w", i, j) for i in range(n) for j in range(m) if w[i, j] != 0]
    for kind, i, j in entries:
        s0 = [[mp.mpf(float(x)) for x in row] for row in sigma0]
        ww = [[mp.mpf(float(x)) for x in row] for row in w]
        if kind == "s":
            x = s0[i][j]
            s0[i][j] += h * x
            if i != j:
                s0[j][i] += h * x
        else:
            x = ww[i][j]
            ww[i][j] += h * x
        other = reference(s0, ww, tau, exact_rank_w)
        dl += abs(other["lossMp"] - ref["lossMp"]) / h * u
        if "gradMp" in ref and "gradMp" in other:
            dg += mp.sqrt(mp.fsum((a - b) ** 2 for a, b in zip(other["gradMp"], ref["gradMp"]))) / h * u
    return float(dl), float(dg)


def case(group, cid, sigma0, w, tau, exact_rank_w=None):
    sigma0 = np.asarray(sigma0, dtype=float)
    w = np.asarray(w, dtype=float)
    ref = reference(sigma0, w, tau, exact_rank_w)
    dl, dg = rounding_floor(sigma0, w, tau, exact_rank_w, ref)
    expect = {k: v for k, v in ref.items() if not k.endswith("Mp")}
    expect["lossRoundingFloor"] = dl
    if "grad" in expect:
        expect["gradRoundingFloor"] = dg
    return {"group": group, "id": cid, "sigma0": sigma0.tolist(), "W": w.tolist(), "tau": tau, "expect": expect}


def rotate(q, d):
    """Q diag(d) Qᵀ formed in double precision, exactly symmetric."""
    a = (q * np.asarray(d, dtype=float)) @ q.T
    return (a + a.T) / 2


def main():
    rng = np.random.default_rng(20261129)
    cases = []
    taus = [0.0, 0.1]
    # tiny: 2×2 diagonal, spread of Σ0 1e0 … 1e-16, W = diag(1, 1e-b)
    for a in [0, 4, 8, 12, 15, 16]:
        for b in [0, 4, 8, 12]:
            for tau in taus:
                cases.append(case("tiny", f"2x2 Σ0 = diag(1, 1e-{a}), W = diag(1, 1e-{b}), τ = {tau}",
                                  np.diag([1.0, 10.0 ** -a]), np.diag([1.0, 10.0 ** -b]), tau))
    # tiny: 3×3 and 3×4 with a graded spectrum on both sides
    for a in [8, 12, 16]:
        for b in [4, 8]:
            d0 = [1.0, 10.0 ** (-a / 2), 10.0 ** -a]
            dw = [1.0, 10.0 ** (-b / 2), 10.0 ** -b]
            for tau in taus:
                cases.append(case("tiny", f"3x3 Σ0 = diag(1, 1e-{a / 2:g}, 1e-{a}), W = diag(1, 1e-{b / 2:g}, 1e-{b}), τ = {tau}",
                                  np.diag(d0), np.diag(dw), tau))
                wide = np.hstack([np.diag(dw), np.zeros((3, 1))])
                cases.append(case("tiny", f"3x4 Σ0 = diag(1, 1e-{a / 2:g}, 1e-{a}), W = [diag(1, 1e-{b / 2:g}, 1e-{b}), 0], τ = {tau}",
                                  np.diag(d0), wide, tau))
    # rotated: random orthogonal Q, the spectra above, formed in double precision
    for a in [8, 12]:
        for b in [4, 8]:
            q0, _ = np.linalg.qr(rng.standard_normal((3, 3)))
            qw, _ = np.linalg.qr(rng.standard_normal((3, 3)))
            d0 = np.diag([1.0, 10.0 ** (-a / 2), 10.0 ** -a])
            dw = [1.0, 10.0 ** (-b / 2), 10.0 ** -b]
            s0rot = rotate(q0, np.diag(d0))
            wsym = rotate(qw, dw)
            wleft = qw * np.asarray(dw)  # Q diag(d): graded columns, rows of one size
            for tau in taus:
                cases.append(case("rotated", f"Σ0 = Q diag(1, 1e-{a / 2:g}, 1e-{a}) Qᵀ, W = diag(1, 1e-{b / 2:g}, 1e-{b}), τ = {tau}", s0rot, np.diag(dw), tau))
                cases.append(case("rotated", f"Σ0 = diag(1, 1e-{a / 2:g}, 1e-{a}), W = Q diag(1, 1e-{b / 2:g}, 1e-{b}) Qᵀ, τ = {tau}", d0, wsym, tau))
                cases.append(case("rotated", f"Σ0 = diag(1, 1e-{a / 2:g}, 1e-{a}), W = Q diag(1, 1e-{b / 2:g}, 1e-{b}), τ = {tau}", d0, wleft, tau))
                cases.append(case("rotated", f"Σ0 = Q diag(…1e-{a}) Qᵀ, W = Q' diag(…1e-{b}) Q'ᵀ, τ = {tau}", s0rot, wsym, tau))
    # noise: rank-deficient W formed in floating point
    dense0 = rotate(np.linalg.qr(rng.standard_normal((3, 3)))[0], [2.0, 1.0, 0.5])
    for k in range(3):
        a_, b_ = rng.standard_normal((3, 1)), rng.standard_normal((1, 3))
        w1 = a_ @ b_
        w2 = rng.standard_normal((3, 2)) @ rng.standard_normal((2, 3))
        for tau in taus:
            cases.append(case("noise", f"W = a bᵀ (rank 1, formed in doubles) #{k}, Σ0 dense, τ = {tau}", dense0, w1, tau, 1))
            cases.append(case("noise", f"W = W_2 W_1 (rank 2, formed in doubles) #{k}, Σ0 dense, τ = {tau}", dense0, w2, tau, 2))
            cases.append(case("noise", f"W = a bᵀ (rank 1, formed in doubles) #{k}, Σ0 = diag(1, 1e-4, 1e-8), τ = {tau}",
                              np.diag([1.0, 1e-4, 1e-8]), w1, tau, 1))
    # singular Σ0 at τ = 0
    cases.append(case("singular", "Σ0 = diag(1, 0), W = diag(2, 3)", np.diag([1.0, 0.0]), np.diag([2.0, 3.0]), 0.0))
    cases.append(case("singular", "Σ0 = diag(1, 0), W = [[1, 0], [0, 5]]", np.diag([1.0, 0.0]), [[1.0, 0.0], [0.0, 5.0]], 0.0))
    cases.append(case("singular", "Σ0 = diag(1, 0), W = [[0, 0], [0, 5]] (rank R0 W = 0)", np.diag([1.0, 0.0]), [[0.0, 0.0], [0.0, 5.0]], 0.0))
    g = rng.standard_normal((4, 2))
    s0g = g @ g.T  # rank 2 in exact arithmetic; its two rounding eigenvalues read as 0
    for m in [1, 2, 3, 5]:
        w = rng.standard_normal((4, m))
        cases.append(case("singular", f"Σ0 = G Gᵀ (4×4, rank 2), W random 4×{m}", s0g, w, 0.0))
        cases.append(case("singular", f"Σ0 = diag(3, 1.5, 0, 0), W random 4×{m}", np.diag([3.0, 1.5, 0.0, 0.0]), w, 0.0))
    # rank(R0 W) = 1 < min(rank Σ0, m) = 2: W's columns meet range Σ0 in one direction only
    wdef = np.array([[1.0, 2.0, 0.5], [0.0, 0.0, 0.0], [0.3, -1.0, 2.0], [1.0, 0.0, -1.0]])
    cases.append(case("singular", "Σ0 = diag(3, 1.5, 0, 0), W with zero second row (rank R0 W = 1 < 2)", np.diag([3.0, 1.5, 0.0, 0.0]), wdef, 0.0))
    doc = {
        "notes": "50-digit references (mpmath, 60 digits, from the exact doubles stored here) for the rank decisions "
                 "of the W-space loss; generated once by scripts/gen-rank-cases.py, conventions in its header and "
                 "docs/accuracy.md (Rank decisions). loss = B²(W Wᵀ + τI, Σ0); grad given where L_τ is differentiable; "
                 "scale = ‖W‖² + nτ + tr R0².",
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()

/**
 * The BW losses in small dimensions as ordinary expressions (PAPER.md §5):
 * for 2×2 PSD matrices,
 *   tr (R0 Σ R0)^{1/2} = √(tr(Σ Σ0) + 2 √(det Σ · det Σ0)),
 * so B²(Σ, Σ0) = tr Σ + tr Σ0 − 2 √(tr(Σ Σ0) + 2 √(det Σ det Σ0)) needs no
 * matrix square root. The strings are mathjs syntax; variable and parameter
 * names are the contract of `bwcheck derive` (issue 4):
 *   Σ-space  variables s11, s12, s22          Σ  = [[s11, s12], [s12, s22]]
 *   W-space  variables w11 … w2m (row-major)  Σ  = W Wᵀ
 *   targets  parameters a11, a12, a22          Σ0 = [[a11, a12], [a12, a22]]
 *   L_τ      parameter tau                     Σ ↦ Σ + τ I   (PAPER.md §2)
 * and the scalar deep network (n = m = 1, W = w_N ⋯ w_1, Σ0 = [λ]):
 *   B²(P², λ) = P² + λ − 2 √(λ P²) = (|P| − √λ)²,  P = w_N ⋯ w_1,
 * written as the square (√(P² + τ) − √λ)²: the first form loses its digits
 * to cancellation near the minimum (|L − L_exact| ≈ ε (P² + λ), 1e-10
 * relative at L ≈ 3e-6, which failed the cross-check for N = 5, 8 with τ).
 */

export type Space = "sigma" | "W" | "scalar-deep";

export type ClosedForm = {
  /** Short label, e.g. "W-space n=2 m=3 L_tau (diagonal target)". */
  name: string;
  space: Space;
  /** Differentiation variables, in the order of gradient and Hessian. */
  variables: string[];
  /** Symbols held fixed: the target's entries and, for L_τ, tau. */
  parameters: string[];
  /** The loss, in mathjs syntax. */
  loss: string;
  /**
   * Named building blocks of the loss, in mathjs syntax (each written out in
   * full, as it occurs in the loss): d = √(det Σ · det Σ0), q = √(tr(Σ Σ0) + 2d)
   * (PAPER.md §5), in W-space the entries S11, S12, S22 of Σ = W Wᵀ, for the
   * scalar deep network r = √(P² + τ). The printed derivatives use these
   * names wherever the subexpression occurs (cse.ts).
   */
  definitions: { name: string; expr: string }[];
  /** For W-space: the width m. For the scalar deep network: the depth N. */
  size: number;
  tau: boolean;
  diagonal: boolean;
};

export type FormOptions = { tau?: boolean; diagonal?: boolean };

/** Parameters of Σ0 = [[a11, a12], [a12, a22]] (a12 dropped for diagonal targets), then tau. */
function targetParameters(opts: FormOptions): string[] {
  const base = opts.diagonal ? ["a11", "a22"] : ["a11", "a12", "a22"];
  return opts.tau ? [...base, "tau"] : base;
}

/**
 * B²(Σ + τI, Σ0) for Σ = [[S11, S12], [S12, S22]] given as expressions and
 * det Σ given separately (so that W-space can pass the Cauchy–Binet form,
 * which is identically 0 for m = 1). With τ: det(Σ + τI) = det Σ + τ tr Σ + τ².
 */
function bures2x2(S11: string, S12: string, S22: string, detS: string | null, opts: FormOptions): { loss: string; d: string | null; q: string } {
  const t = opts.tau ? "tau" : null;
  const s11 = t ? `(${S11} + tau)` : S11;
  const s22 = t ? `(${S22} + tau)` : S22;
  const crossTerm = opts.diagonal ? "" : ` + 2 * a12 * ${S12}`;
  const trSS0 = `a11 * ${s11}${crossTerm} + a22 * ${s22}`;
  const detA = opts.diagonal ? "a11 * a22" : "(a11 * a22 - a12^2)";
  const detParts = [detS, t ? `tau * (${S11} + ${S22}) + tau^2` : null].filter((p): p is string => p !== null);
  const d = detParts.length === 0 ? null : `sqrt((${detParts.join(" + ")}) * ${detA})`;
  const q = d === null ? `sqrt(${trSS0})` : `sqrt(${trSS0} + 2 * ${d})`;
  const tr = t ? `${S11} + ${S22} + 2 * tau` : `${S11} + ${S22}`;
  return { loss: `${tr} + a11 + a22 - 2 * ${q}`, d, q };
}

const named = (parts: Record<string, string | null>): { name: string; expr: string }[] =>
  Object.entries(parts).flatMap(([name, expr]) => (expr === null ? [] : [{ name, expr }]));

/** Σ-space, n = 2: B²(Σ, Σ0) in the entries of Σ (s12 counted once: Σ12 = Σ21 = s12). */
export function sigmaForm(opts: FormOptions = {}): ClosedForm {
  const { loss, d, q } = bures2x2("s11", "s12", "s22", "(s11 * s22 - s12^2)", opts);
  return {
    name: `Sigma-space n=2 ${opts.tau ? "B^2(Sigma + tau I, Sigma0)" : "B^2(Sigma, Sigma0)"}${opts.diagonal ? " (diagonal target)" : ""}`,
    space: "sigma",
    variables: ["s11", "s12", "s22"],
    parameters: targetParameters(opts),
    loss,
    definitions: named({ d, q }),
    size: 2,
    tau: !!opts.tau,
    diagonal: !!opts.diagonal,
  };
}

/**
 * W-space, n = 2, W ∈ R^{2×m}: L(W) = B²(W Wᵀ, Σ0), with
 * (W Wᵀ)_ij = Σ_k w_ik w_jk and, by Cauchy–Binet,
 * det(W Wᵀ) = Σ_{k<l} (w_1k w_2l − w_1l w_2k)²  (an empty sum, 0, when m = 1).
 */
export function wForm(m: number, opts: FormOptions = {}): ClosedForm {
  if (!Number.isInteger(m) || m < 1 || m > 3) throw new RangeError(`W-space closed forms exist for m = 1, 2, 3; got m = ${m}`);
  const cols = Array.from({ length: m }, (_, k) => k + 1);
  const sum = (terms: string[]) => `(${terms.join(" + ")})`;
  const S11 = sum(cols.map((k) => `w1${k}^2`));
  const S22 = sum(cols.map((k) => `w2${k}^2`));
  const S12 = sum(cols.map((k) => `w1${k} * w2${k}`));
  const minors: string[] = [];
  for (const k of cols) for (const l of cols) if (k < l) minors.push(`(w1${k} * w2${l} - w1${l} * w2${k})^2`);
  const detS = minors.length ? sum(minors) : null;
  const { loss, d, q } = bures2x2(S11, S12, S22, detS, opts);
  return {
    name: `W-space n=2 m=${m} ${opts.tau ? "L_tau" : "L"}${opts.diagonal ? " (diagonal target)" : ""}`,
    space: "W",
    variables: [...cols.map((k) => `w1${k}`), ...cols.map((k) => `w2${k}`)],
    parameters: targetParameters(opts),
    loss,
    definitions: named({ S11, S12: opts.diagonal ? null : S12, S22, d, q }),
    size: m,
    tau: !!opts.tau,
    diagonal: !!opts.diagonal,
  };
}

/** Scalar deep network: L^N(w_1, …, w_N) = B²(P² + τ, λ) = (√(P² + τ) − √λ)², P = w_N ⋯ w_1; r = √(P² + τ). */
export function scalarDeepForm(depth: number, opts: { tau?: boolean } = {}): ClosedForm {
  if (!Number.isInteger(depth) || depth < 1 || depth > 8) throw new RangeError(`depth must be an integer in 1…8, got ${depth}`);
  const variables = Array.from({ length: depth }, (_, j) => `w${j + 1}`);
  const P2 = `(${[...variables].reverse().join(" * ")})^2`;
  const sigma = opts.tau ? `(${P2} + tau)` : P2;
  return {
    name: `scalar deep network N=${depth} ${opts.tau ? "L_tau" : "L"}`,
    space: "scalar-deep",
    variables,
    parameters: opts.tau ? ["lambda", "tau"] : ["lambda"],
    loss: `(sqrt(${sigma}) - sqrt(lambda))^2`,
    definitions: [{ name: "r", expr: `sqrt(${sigma})` }],
    size: depth,
    tau: !!opts.tau,
    diagonal: true,
  };
}

/** Every closed form the issue lists: Σ-space and W-space (m = 1, 2, 3), each ± τ, full and diagonal targets, and the scalar deep network. */
export function allClosedForms(): ClosedForm[] {
  const forms: ClosedForm[] = [];
  for (const tau of [false, true])
    for (const diagonal of [false, true]) {
      forms.push(sigmaForm({ tau, diagonal }));
      for (const m of [1, 2, 3]) forms.push(wForm(m, { tau, diagonal }));
    }
  for (const depth of [1, 2, 3]) for (const tau of [false, true]) forms.push(scalarDeepForm(depth, { tau }));
  return forms;
}

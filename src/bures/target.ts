/**
 * bwTarget(Σ0): the public entry point of the numeric core (DESIGN.md
 * "Public API"). Σ0 is validated and factorised once; every method then takes
 * a point W (n×m, any m) or Σ (n×n) or a layer list, plus { tau }.
 *
 * The last point's loss/gradient and its SVD are memoised, so `loss(W)`
 * followed by `grad(W)` (or several `hvp(W, ·)`) factorises only once.
 */
// type only (erased at run time): the implementation registers itself, see registerCriticalPoints
import type { CriticalSet } from "../landscape/critical-points.js";
import { clone, type Matrix, type MatrixLike } from "../linalg/matrix.js";
import { BwInputError, NotDifferentiableError } from "./errors.js";
import { factorTarget, type TargetFactors } from "./factors.js";
import { endToEnd, layerGradsFrom, layerHessianFrom, layerHvpFrom, readLayers } from "./layers.js";
import { type NuclearPoint, truncatePoint } from "./nuclear.js";
import { bures2, sigmaGrad, sigmaHessian, sigmaHvp, sigmaPoint, transportMap } from "./sigma-space.js";
import { checkKeys, readMatrix, readTau } from "./validate.js";
import { gradAt, hessianAt, hvpAt, type LossAndGrad, lossGrad, lossGradSvd, requireDifferentiable, wNuclearPoint } from "./w-space.js";

export type LossOptions = { tau?: number };

/**
 * target.criticalPoints is implemented in landscape/ (which imports bures/,
 * not the other way round) and registered here when that module loads; the
 * public entry point (src/index.ts) loads it.
 */
type CriticalPointsProvider = (target: Target, k: number, opts: { tau?: number; m?: number }) => CriticalSet;
let criticalPointsProvider: CriticalPointsProvider | null = null;

export function registerCriticalPoints(provider: CriticalPointsProvider): void {
  criticalPointsProvider = provider;
}

export type Target = {
  readonly n: number;
  readonly sigma0: Matrix;
  /** R0 = Σ0^{1/2} */
  readonly r0: Matrix;
  /** λ_1 ≥ … ≥ λ_n */
  readonly eigenvalues: Float64Array;
  /** column i = ω_i */
  readonly eigenvectors: Matrix;
  readonly traceSigma0: number;
  /** Σ0's validated factorisation, for modules that run their own hot loops (network/) */
  readonly factors: TargetFactors;
  /** ∇L(W) for layers [W_1 … W_N] with W = W_N ⋯ W_1, or of the smooth extension on M_{≤r} at τ = 0 behind a bottleneck */
  endToEndGrad(layers: Matrix[], W: Matrix, tau: number): Matrix;

  /**
   * Euclidean gradient and Hessian-vector product, near a rank-k point W, of
   * the smooth function whose restriction to M_k is L (PAPER.md §3): at τ = 0
   * the extension ‖W‖² + tr Σ0 − 2 Σ_{i≤k} σ_i(R0 W); at τ > 0, L_τ itself.
   */
  rankKGrad(W: MatrixLike, k: number, opts?: LossOptions): Matrix;
  rankKHvp(W: MatrixLike, E: MatrixLike, k: number, opts?: LossOptions): Matrix;

  /**
   * The critical classes of L (or L_τ) on rank-k matrices, classified by the
   * Riemannian Hessian (landscape/critical-points.ts; returns a CriticalSet).
   */
  criticalPoints(k: number, opts?: { tau?: number; m?: number }): CriticalSet;

  /** L(W) (τ = 0) or L_τ(W) */
  loss(W: MatrixLike, opts?: LossOptions): number;
  /** ∇L_τ(W), n×m; throws NotDifferentiableError at τ = 0 where rank(R0 W) < min(rank Σ0, m) */
  grad(W: MatrixLike, opts?: LossOptions): Matrix;
  /** loss and gradient together, with the path that computed them */
  lossAndGrad(W: MatrixLike, opts?: LossOptions): { loss: number; grad: Matrix; path: "eigen" | "svd" | "polar" };
  /** (nm)×(nm) Hessian on row-major vec(W) */
  hessian(W: MatrixLike, opts?: LossOptions): Matrix;
  /** D²L_τ(W)[E], n×m */
  hvp(W: MatrixLike, E: MatrixLike, opts?: LossOptions): Matrix;

  /** B²(Σ, Σ0) */
  bures2(Sigma: MatrixLike): number;
  /** I − T */
  sigmaGrad(Sigma: MatrixLike): Matrix;
  /** T = R0 (R0 Σ R0)^{-1/2} R0 */
  transportMap(Sigma: MatrixLike): Matrix;
  /** n²×n² Hessian of B² on row-major vec(Σ) */
  sigmaHessian(Sigma: MatrixLike): Matrix;
  sigmaHvp(Sigma: MatrixLike, E: MatrixLike): Matrix;

  /** L_τ^N(W_1, …, W_N) = L_τ(W_N ⋯ W_1) */
  layerLoss(layers: MatrixLike[], opts?: LossOptions): number;
  /** [∇_{W_1} L^N, …, ∇_{W_N} L^N] */
  layerGrads(layers: MatrixLike[], opts?: LossOptions): Matrix[];
  /** parameter-space Hessian on the concatenated row-major vec(W_j) */
  layerHessian(layers: MatrixLike[], opts?: LossOptions): Matrix;
  layerHvp(layers: MatrixLike[], delta: MatrixLike[], opts?: LossOptions): Matrix[];
};

function readOptions(opts: LossOptions | undefined): number {
  if (opts === undefined) return 0;
  if (typeof opts !== "object" || opts === null) throw new BwInputError("options", "must be an object like { tau: 0.1 }");
  checkKeys(opts, ["tau"], "options");
  return readTau(opts.tau);
}

function sameData(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One-entry memo keyed by (shape, W's entries, τ); the key buffer is reused when the size repeats. */
class PointMemo<T> {
  private rows = -1;
  private tau = Number.NaN;
  private data = new Float64Array(0);
  private value: T | null = null;
  get(w: Matrix, tau: number, compute: () => T): T {
    if (this.value !== null && this.tau === tau && this.rows === w.rows && sameData(this.data, w.data)) return this.value;
    this.value = null; // a throwing compute must not leave a stale value under the new key
    const v = compute();
    if (this.data.length !== w.data.length) this.data = new Float64Array(w.data.length);
    this.data.set(w.data);
    this.rows = w.rows;
    this.tau = tau;
    this.value = v;
    return v;
  }
}

class BwTarget implements Target {
  private readonly f: TargetFactors;
  private readonly lossGradMemo = new PointMemo<LossAndGrad & { whyNoGrad?: NotDifferentiableError }>();
  private readonly svdMemo = new PointMemo<NuclearPoint>();

  constructor(sigma0: unknown) {
    this.f = factorTarget(sigma0);
  }

  get n(): number { return this.f.n; }
  get sigma0(): Matrix { return this.f.sigma0; }
  get r0(): Matrix { return this.f.r0; }
  get eigenvalues(): Float64Array { return this.f.eigenvalues; }
  get eigenvectors(): Matrix { return this.f.eigenvectors; }
  get traceSigma0(): number { return this.f.traceSigma0; }
  get factors(): TargetFactors { return this.f; }

  private readW(W: unknown, field = "W"): Matrix {
    const w = readMatrix(W, field);
    if (w.rows !== this.f.n) throw new BwInputError(field, `must have n = ${this.f.n} rows (the size of sigma0), got ${w.rows}×${w.cols}`);
    return w;
  }

  private evaluate(w: Matrix, tau: number): LossAndGrad & { whyNoGrad?: NotDifferentiableError } {
    return this.lossGradMemo.get(w, tau, () => {
      try {
        return lossGrad(this.f, w, tau);
      } catch (err) {
        if (!(err instanceof NotDifferentiableError)) throw err;
        // not differentiable (τ = 0, rank-deficient R0 W): the loss itself still exists
        return { ...lossGradSvd(this.f, w, tau, false), grad: null, whyNoGrad: err };
      }
    });
  }

  private point(w: Matrix, tau: number): NuclearPoint {
    return this.svdMemo.get(w, tau, () => wNuclearPoint(this.f, w, tau, false));
  }

  /** The nuclear-norm point, checked for differentiability at τ = 0. */
  private smoothPoint(w: Matrix, tau: number): NuclearPoint {
    const pt = this.point(w, tau);
    requireDifferentiable(pt, tau);
    return pt;
  }

  loss(W: MatrixLike, opts?: LossOptions): number {
    const tau = readOptions(opts);
    return this.evaluate(this.readW(W), tau).loss;
  }

  lossAndGrad(W: MatrixLike, opts?: LossOptions): { loss: number; grad: Matrix; path: "eigen" | "svd" | "polar" } {
    const tau = readOptions(opts);
    const w = this.readW(W);
    const r = this.evaluate(w, tau);
    if (r.grad === null) throw r.whyNoGrad;
    // a copy: the memo keeps its own, which a caller's edits must not reach
    return { loss: r.loss, grad: clone(r.grad), path: r.path };
  }

  grad(W: MatrixLike, opts?: LossOptions): Matrix {
    return this.lossAndGrad(W, opts).grad;
  }

  hessian(W: MatrixLike, opts?: LossOptions): Matrix {
    const tau = readOptions(opts);
    const w = this.readW(W);
    return hessianAt(this.f, this.smoothPoint(w, tau), w, tau);
  }

  hvp(W: MatrixLike, E: MatrixLike, opts?: LossOptions): Matrix {
    const tau = readOptions(opts);
    const w = this.readW(W);
    const e = readMatrix(E, "E");
    if (e.rows !== w.rows || e.cols !== w.cols) throw new BwInputError("E", `must have the shape of W (${w.rows}×${w.cols}), got ${e.rows}×${e.cols}`);
    return hvpAt(this.f, this.smoothPoint(w, tau), w, e, tau);
  }

  rankKGrad(W: MatrixLike, k: number, opts?: LossOptions): Matrix {
    const tau = readOptions(opts);
    const w = this.readW(W);
    return tau > 0 ? this.grad(w, { tau }) : gradAt(this.f, this.extensionPoint(w, k), w);
  }

  rankKHvp(W: MatrixLike, E: MatrixLike, k: number, opts?: LossOptions): Matrix {
    const tau = readOptions(opts);
    const w = this.readW(W);
    if (tau > 0) return this.hvp(w, E, { tau });
    const e = readMatrix(E, "E");
    return hvpAt(this.f, this.extensionPoint(w, k), w, e, 0);
  }

  criticalPoints(k: number, opts: { tau?: number; m?: number } = {}): CriticalSet {
    if (!criticalPointsProvider) throw new Error("criticalPoints: import from the package entry (\"bwcheck\"), which loads the landscape module");
    if (typeof opts !== "object" || opts === null) throw new BwInputError("options", "must be an object like { tau: 0.1 }");
    checkKeys(opts, ["tau", "m"], "options");
    return criticalPointsProvider(this, k, { tau: readTau(opts.tau), m: opts.m });
  }

  bures2(Sigma: MatrixLike): number {
    return bures2(this.f, sigmaPoint(this.f, Sigma));
  }

  sigmaGrad(Sigma: MatrixLike): Matrix {
    return sigmaGrad(this.f, sigmaPoint(this.f, Sigma));
  }

  transportMap(Sigma: MatrixLike): Matrix {
    return transportMap(this.f, sigmaPoint(this.f, Sigma));
  }

  sigmaHessian(Sigma: MatrixLike): Matrix {
    return sigmaHessian(this.f, sigmaPoint(this.f, Sigma));
  }

  sigmaHvp(Sigma: MatrixLike, E: MatrixLike): Matrix {
    const e = readMatrix(E, "E");
    if (e.rows !== this.f.n || e.cols !== this.f.n) throw new BwInputError("E", `must be ${this.f.n}×${this.f.n}, got ${e.rows}×${e.cols}`);
    return sigmaHvp(this.f, sigmaPoint(this.f, Sigma), e);
  }

  layerLoss(layers: MatrixLike[], opts?: LossOptions): number {
    const tau = readOptions(opts);
    return this.evaluate(endToEnd(readLayers(layers, this.f.n)), tau).loss;
  }

  /**
   * Parameter-space derivatives at τ = 0 with a bottleneck r < min(n, m): L is
   * not differentiable at any W the network reaches, but L^N is, through the
   * smooth extension 2 Σ_{i≤r} σ_i(R0 W) of 2‖R0 W‖_* on M_{≤r} (PAPER.md §3).
   */
  private bottleneck(ls: Matrix[], w: Matrix, tau: number): number | null {
    const r = Math.min(w.cols, ...ls.map((l) => l.rows));
    return tau === 0 && r < Math.min(w.rows, w.cols) ? r : null;
  }

  /** The point of the smooth extension on M_{≤r}: truncated to s = min(r, rank Σ0, m), refused when rank(R0 W) < s. */
  private extensionPoint(w: Matrix, r: number): NuclearPoint {
    const pt = this.point(w, 0);
    // rank(R0 W) ≤ min(r, rank Σ0, m) on M_{≤r}: the extension is 2 Σ_{i≤s} σ_i, s that bound (docs/accuracy.md, "Rank decisions")
    const s = Math.min(r, pt.maxRank);
    if (pt.rank < s && pt.rank + pt.unresolved >= s) {
      throw new NotDifferentiableError(
        "layers",
        `cannot tell whether L^N is differentiable here: ${pt.unresolved} singular value(s) of R0 W lie above the inputs' rounding but below what the SVD resolves in double precision (docs/accuracy.md, "Rank decisions"); use tau > 0 for the smooth loss L_τ`,
      );
    }
    if (pt.rank < s) {
      const width = s < r ? `min(r, rank Σ0) = ${s}` : `the bottleneck width r = ${r}`;
      throw new NotDifferentiableError(
        "layers",
        `L^N is not differentiable here: rank(R0 W) = ${pt.rank} is below ${width} (τ = 0); use tau > 0 for the smooth loss L_τ`,
      );
    }
    return truncatePoint(pt, s);
  }

  endToEndGrad(ls: Matrix[], w: Matrix, tau: number): Matrix {
    const r = this.bottleneck(ls, w, tau);
    return r === null ? this.grad(w, { tau }) : gradAt(this.f, this.extensionPoint(w, r), w);
  }

  private layerPoint(ls: Matrix[], w: Matrix, tau: number): { point: NuclearPoint; grad: Matrix } {
    const r = this.bottleneck(ls, w, tau);
    if (r === null) return { point: this.smoothPoint(w, tau), grad: this.grad(w, { tau }) };
    const point = this.extensionPoint(w, r);
    return { point, grad: gradAt(this.f, point, w) };
  }

  layerGrads(layers: MatrixLike[], opts?: LossOptions): Matrix[] {
    const tau = readOptions(opts);
    const ls = readLayers(layers, this.f.n);
    const w = endToEnd(ls);
    return layerGradsFrom(ls, this.endToEndGrad(ls, w, tau));
  }

  layerHessian(layers: MatrixLike[], opts?: LossOptions): Matrix {
    const tau = readOptions(opts);
    const ls = readLayers(layers, this.f.n);
    const w = endToEnd(ls);
    const { point, grad } = this.layerPoint(ls, w, tau);
    return layerHessianFrom(ls, grad, (e) => hvpAt(this.f, point, w, e, tau));
  }

  layerHvp(layers: MatrixLike[], delta: MatrixLike[], opts?: LossOptions): Matrix[] {
    const tau = readOptions(opts);
    const ls = readLayers(layers, this.f.n);
    if (!Array.isArray(delta) || delta.length !== ls.length) throw new BwInputError("delta", `must list ${ls.length} matrices, one per layer`);
    const ds = delta.map((d, j) => {
      const m = readMatrix(d, `delta[${j}]`);
      if (m.rows !== ls[j].rows || m.cols !== ls[j].cols) throw new BwInputError(`delta[${j}]`, `must be ${ls[j].rows}×${ls[j].cols} like layers[${j}]`);
      return m;
    });
    const w = endToEnd(ls);
    const { point, grad } = this.layerPoint(ls, w, tau);
    return layerHvpFrom(ls, ds, grad, (e) => hvpAt(this.f, point, w, e, tau));
  }
}

/** Validates and factorises Σ0 (n×n, symmetric PSD) once. */
export function bwTarget(sigma0: MatrixLike): Target {
  return new BwTarget(sigma0);
}

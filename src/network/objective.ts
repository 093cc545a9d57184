/**
 * L_τ^N(W_1, …, W_N) = L_τ(W_N ⋯ W_1) and its layer gradients
 * ∇_{W_j} = A_jᵀ ∇L(W) B_jᵀ, A_j = W_N ⋯ W_{j+1}, B_j = W_{j−1} ⋯ W_1
 * (PAPER.md §3), evaluated for training loops: the products come from one
 * forward sweep for the prefixes B_{j+1} = W_j ⋯ W_1 and one backward sweep
 * for T_j = A_jᵀ ∇L = W_{j+1}ᵀ T_{j+1} (backpropagation), 3N − 3 products in
 * all (4N − 5 with the suffixes A_j formed first, N² naively; the factors I
 * are skipped), every buffer is
 * allocated once, and ∇L comes from the numeric core's path choice
 * (bures/w-space.ts lossGrad) without the public API's validation and memo.
 * At τ = 0 behind a bottleneck the smooth extension on M_{≤r} applies
 * (Target.endToEndGrad).
 */
import type { Target } from "../bures/target.js";
import { lossGrad, type SvdWarmStart } from "../bures/w-space.js";
import { type Matrix, zeros } from "../linalg/matrix.js";
import { identity } from "../linalg/matrix.js";
import { matmul, matmulABt, matmulAtB } from "../linalg/products.js";

export type Evaluation = { loss: number; grads: Matrix[] };

export class LayerObjective {
  /** prefix[j] = W_j ⋯ W_1 (prefix[0] = I_{d_0}) */
  private readonly prefix: Matrix[];
  /** back[j] = A_jᵀ ∇L = (W_N ⋯ W_{j+1})ᵀ ∇L (d_j × d_0), for j < N */
  private readonly back: Matrix[];
  readonly grads: Matrix[];
  private readonly smoothEverywhere: boolean;
  /** the previous evaluation's left singular vectors, Jacobi's start at the next (w-space.ts, SvdWarmStart) */
  private readonly warm: SvdWarmStart = { basis: null };
  /** ∇L_τ(W) of the end-to-end matrix (n×m) */
  private readonly endGrad: Matrix;

  constructor(
    readonly target: Target,
    readonly widths: readonly number[],
    readonly tau: number,
  ) {
    const N = widths.length - 1;
    this.prefix = widths.map((d, j) => (j === 0 ? identity(d) : zeros(d, widths[0])));
    this.back = widths.map((d) => zeros(d, widths[0]));
    this.grads = Array.from({ length: N }, (_, j) => zeros(widths[j + 1], widths[j]));
    const n = widths[N], m = widths[0];
    this.endGrad = zeros(n, m);
    this.smoothEverywhere = tau > 0 || Math.min(...widths) >= Math.min(n, m);
  }

  /** Loss and layer gradients (the returned matrices are this objective's buffers: copy what you keep). */
  evaluate(layers: readonly Matrix[]): Evaluation {
    const N = layers.length;
    // prefix[1] = W_1 is a copy, not a product with I
    this.prefix[1].data.set(layers[0].data);
    for (let j = 2; j <= N; j++) matmul(layers[j - 1], this.prefix[j - 1], this.prefix[j]);
    const w = this.prefix[N];
    const t = this.target;
    let loss: number, g: Matrix;
    // smooth everywhere: the numeric core's path choice directly (eigen path, or the SVD started from
    // its eigenvectors, or from the previous evaluation's singular vectors when that took the SVD path)
    const fast = this.smoothEverywhere ? lossGrad(t.factors, w, this.tau, this.warm, this.endGrad) : null;
    if (fast && fast.grad) {
      loss = fast.loss;
      g = fast.grad;
    } else {
      loss = t.loss(w, { tau: this.tau });
      g = t.endToEndGrad(layers as Matrix[], w, this.tau);
    }
    // ∇_{W_j} = A_jᵀ G B_jᵀ = T_j prefix[j−1]ᵀ, with T_N = G and T_j = W_{j+1}ᵀ T_{j+1};
    // the factor prefix[0] = I is skipped (∇_{W_1} = T_1)
    let tj = g;
    for (let j = N; j >= 1; j--) {
      if (j < N) tj = matmulAtB(layers[j], tj, this.back[j]);
      if (j === 1) this.grads[0].data.set(tj.data);
      else matmulABt(tj, this.prefix[j - 1], this.grads[j - 1]);
    }
    return { loss, grads: this.grads };
  }

  /** The end-to-end matrix of the last evaluation. */
  get endToEnd(): Matrix {
    return this.prefix[this.prefix.length - 1];
  }
}

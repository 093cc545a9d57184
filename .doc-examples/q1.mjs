import { bwTarget, checkGradient, scale } from "bwcheck";

const target = bwTarget([[2, 0.3], [0.3, 1]]);        // Σ0
const W = [[1, 0.2, -0.4], [0.3, 0.9, 0.1]];          // the point, 2×3
const loss = (X) => target.loss(X, { tau: 0.1 });      // L_τ(X) = B²(XXᵀ + τI, Σ0)

// a correct gradient, then one that is 0.1 % off
const good = checkGradient((X) => target.loss(X, { tau: 0.1 }), (X) => target.grad(X, { tau: 0.1 }), W);
const bad = checkGradient((X) => target.loss(X, { tau: 0.1 }), (X) => scale(target.grad(X, { tau: 0.1 }), 1.001), W);
console.log(good.ok, good.slope.toFixed(2));
console.log(bad.ok);
console.log(bad.failures.join("\n"));

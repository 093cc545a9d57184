/**
 * Reusable scratch matrices for hot paths. `scratchSet(id, n, m, count)`
 * returns the same `count` n×m buffers on every call with that id and shape
 * (a numeric key: no string building on the hot path). Callers use them for
 * intermediates only, never for results they return, and must not hold them
 * across a call that may use the same id.
 */
import { type Matrix, zeros } from "./matrix.js";

const pool = new Map<number, Matrix[]>();

export function scratchSet(id: number, rows: number, cols: number, count: number): Matrix[] {
  const key = (id * 4099 + rows) * 4099 + cols;
  let set = pool.get(key);
  if (!set || set.length < count) {
    if (pool.size > 256) pool.clear();
    set = Array.from({ length: count }, () => zeros(rows, cols));
    pool.set(key, set);
  }
  return set;
}

/**
 * A cache of one object per size n (workspaces of the eigen-solvers), cleared
 * when it holds more than `max` sizes: `perSize(make, max)(n)` returns the
 * same object for the same n until then.
 */
export function perSize<T>(make: (n: number) => T, max: number): (n: number) => T {
  const cache = new Map<number, T>();
  return (n) => {
    let v = cache.get(n);
    if (v === undefined) {
      v = make(n);
      if (cache.size > max) cache.clear();
      cache.set(n, v);
    }
    return v;
  };
}

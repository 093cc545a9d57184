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

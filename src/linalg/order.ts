/**
 * The indices of v by decreasing value, ties in index order (what a stable
 * sort gives): insertion sort, linear on the nearly sorted sequences that
 * Jacobi sweeps and eigen-solvers leave, and it allocates one small array.
 */
export function decreasingOrder(v: ArrayLike<number>): Int32Array {
  const p = v.length, order = new Int32Array(p);
  for (let i = 0; i < p; i++) {
    let j = i;
    while (j > 0 && v[order[j - 1]] < v[i]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  return order;
}

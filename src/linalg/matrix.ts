/**
 * The dense row-major matrix every module of bwcheck works on.
 *
 * Entry (i, j) of an r×c matrix lives at data[i * c + j] (PAPER.md notation:
 * vec is the row-major vectorisation, so `data` *is* vec(M)).
 */
export type Matrix = {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
};

/** Accepted wherever a matrix is read from a user: a Matrix or nested arrays. */
export type MatrixLike = Matrix | number[][];

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function fromRows(a: number[][]): Matrix {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = a[i];
    if (row.length !== cols) throw new RangeError(`fromRows: row ${i} has ${row.length} entries, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  }
  return { rows, cols, data };
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function fromDiagonal(d: ArrayLike<number>): Matrix {
  const n = d.length;
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = d[i];
  return m;
}

export function isMatrix(x: unknown): x is Matrix {
  return typeof x === "object" && x !== null && (x as Matrix).data instanceof Float64Array
    && Number.isInteger((x as Matrix).rows) && Number.isInteger((x as Matrix).cols);
}

/** Matrix or nested arrays to Matrix (shares the data of a Matrix, copies arrays). */
export function asMatrix(x: MatrixLike): Matrix {
  return isMatrix(x) ? x : fromRows(x);
}

export function clone(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

export function transpose(m: Matrix): Matrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[base + j];
  }
  return { rows: cols, cols: rows, data: out };
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** Columns [c0, c1) of m, copied. */
export function sliceCols(m: Matrix, c0: number, c1: number): Matrix {
  const w = c1 - c0;
  const out = zeros(m.rows, w);
  for (let i = 0; i < m.rows; i++) out.data.set(m.data.subarray(i * m.cols + c0, i * m.cols + c1), i * w);
  return out;
}

/** Rows [r0, r1) of m, copied. */
export function sliceRows(m: Matrix, r0: number, r1: number): Matrix {
  return { rows: r1 - r0, cols: m.cols, data: m.data.slice(r0 * m.cols, r1 * m.cols) };
}

/** [A, B] side by side (same number of rows). */
export function hconcat(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows) throw new RangeError(`hconcat: ${a.rows} rows beside ${b.rows}`);
  const cols = a.cols + b.cols;
  const out = zeros(a.rows, cols);
  for (let i = 0; i < a.rows; i++) {
    out.data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), i * cols);
    out.data.set(b.data.subarray(i * b.cols, (i + 1) * b.cols), i * cols + a.cols);
  }
  return out;
}

export function sameShape(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

export function assertSameShape(a: Matrix, b: Matrix, what: string): void {
  if (!sameShape(a, b)) throw new RangeError(`${what}: ${a.rows}×${a.cols} against ${b.rows}×${b.cols}`);
}

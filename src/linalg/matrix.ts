/**
 * The dense row-major matrix every module of bwcheck works on.
 *
 * Entry (i, j) of an r×c matrix lives at data[i * c + j] (PAPER.md notation:
 * vec is the row-major vectorisation, so `data` *is* vec(M)).
 */
import { isMathjsMatrix, isMlMatrix, readForeignMatrix, type MathjsMatrixLike, type MlMatrixLike } from "./interop.js";

export type Matrix = {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
};

/**
 * Accepted wherever a matrix is read from a user: a Matrix, nested arrays
 * (rows), an ml-matrix `Matrix` or a mathjs matrix (see interop.ts).
 */
export type MatrixLike = Matrix | number[][] | MlMatrixLike | MathjsMatrixLike;

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

/** Any MatrixLike to Matrix (shares the data of a Matrix, copies everything else). */
export function asMatrix(x: MatrixLike): Matrix {
  if (isMatrix(x)) return x;
  const rows = Array.isArray(x) ? x : readForeignMatrix(x);
  if (rows === undefined) throw new TypeError("not a matrix: expected a Matrix, nested arrays, an ml-matrix Matrix or a mathjs matrix");
  if (isMatrix(rows)) return rows;
  if (!rows.every(Array.isArray)) throw new TypeError("not a matrix: the rows are not arrays");
  return fromRows(rows as number[][]);
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

/** A parameter type with every Matrix (or list of them) widened to MatrixLike. */
type Loosened<T> = T extends Matrix ? MatrixLike : T extends readonly Matrix[] ? readonly MatrixLike[] : T;
/** A function's parameters with every Matrix widened to MatrixLike. */
export type LooseParameters<P extends readonly unknown[]> = { [K in keyof P]: Loosened<P[K]> };

function isRows(x: unknown): x is number[][] {
  return Array.isArray(x) && x.length > 0 && x.every((r) => Array.isArray(r) && r.every((v) => typeof v === "number"));
}

function isSingleMatrixLike(x: unknown): boolean {
  return isMatrix(x) || isRows(x) || isMlMatrix(x) || isMathjsMatrix(x);
}

/**
 * One argument of a public function: a MatrixLike becomes a Matrix, a list of
 * MatrixLikes a list of Matrices (layers); anything else (numbers, widths,
 * options, targets, functions) passes through untouched.
 */
function coerceArgument(x: unknown): unknown {
  if (isMatrix(x) || typeof x !== "object" || x === null) return x;
  if (isRows(x)) return fromRows(x);
  if (Array.isArray(x)) return x.length > 0 && x.every(isSingleMatrixLike) ? x.map((m) => asMatrix(m as MatrixLike)) : x;
  return isMlMatrix(x) || isMathjsMatrix(x) ? asMatrix(x) : x;
}

/**
 * `f` taking MatrixLike wherever it takes a Matrix: the public API's linear
 * algebra, networks and landscape functions are exported through this, so an
 * ml-matrix or mathjs matrix (or nested arrays) works wherever a Matrix does.
 */
export function acceptMatrixLike<P extends readonly unknown[], R>(f: (...args: P) => R): (...args: LooseParameters<P>) => R {
  return (...args) => f(...(args.map(coerceArgument) as unknown as P));
}

/**
 * Matrices from other JavaScript libraries, in and out.
 *
 * Every function of bwcheck that takes a matrix (a `MatrixLike`) also takes an
 * ml-matrix `Matrix` (any `AbstractMatrix`: views, `SymmetricMatrix`, …) and a
 * mathjs matrix (`math.matrix([[…]])`, dense or sparse); they are read here,
 * by their shape, so that neither library is loaded to recognise them.
 * `toMlMatrix` / `fromMlMatrix` convert explicitly. Entries are copied: a
 * bwcheck `Matrix` never shares storage with a foreign object.
 *
 * ml-matrix itself is loaded by the first `toMlMatrix`, not with bwcheck
 * (a third of `import "bwcheck"`'s cost otherwise). It is required, not
 * imported: its ES module entry re-exports the CommonJS build, so the class
 * required here is the very one a user's `import { Matrix } from "ml-matrix"`
 * gets, and `instanceof` holds.
 */
import { createRequire } from "node:module";
import type { Matrix as MlMatrix } from "ml-matrix";
import type { Matrix } from "./matrix.js";

let mlMatrix: typeof MlMatrix | undefined;

function mlMatrixClass(): typeof MlMatrix {
  mlMatrix ??= (createRequire(import.meta.url)("ml-matrix") as { Matrix: typeof MlMatrix }).Matrix;
  return mlMatrix;
}

/** What bwcheck reads from an ml-matrix matrix (ml-matrix's `AbstractMatrix` has all of it). */
export type MlMatrixLike = {
  readonly rows: number;
  readonly columns: number;
  get(rowIndex: number, columnIndex: number): number;
};

/** What bwcheck reads from a mathjs matrix (`DenseMatrix` or `SparseMatrix`). */
export type MathjsMatrixLike = {
  size(): number[];
  toArray(): unknown;
  storage(): string;
};

/** ml-matrix marks its matrices with `klass === "Matrix"` (that is its own `Matrix.isMatrix` test). */
export function isMlMatrix(x: unknown): x is MlMatrixLike {
  if (typeof x !== "object" || x === null) return false;
  const m = x as { klass?: unknown; rows?: unknown; columns?: unknown; get?: unknown };
  return m.klass === "Matrix" && Number.isInteger(m.rows) && Number.isInteger(m.columns) && typeof m.get === "function";
}

/** mathjs marks its matrices with `isMatrix === true` (on DenseMatrix and SparseMatrix prototypes). */
export function isMathjsMatrix(x: unknown): x is MathjsMatrixLike {
  if (typeof x !== "object" || x === null) return false;
  const m = x as { isMatrix?: unknown; size?: unknown; toArray?: unknown };
  return m.isMatrix === true && typeof m.size === "function" && typeof m.toArray === "function";
}

/** An ml-matrix matrix as a bwcheck `Matrix` (entries copied, row-major). */
export function fromMlMatrix(x: MlMatrixLike): Matrix {
  const { rows, columns } = x;
  const data = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) data[i * columns + j] = x.get(i, j);
  return { rows, cols: columns, data };
}

/** A bwcheck `Matrix` (or nested arrays) as a new ml-matrix `Matrix`. */
export function toMlMatrix(m: Matrix | number[][]): MlMatrix {
  const MlMatrixClass = mlMatrixClass();
  if (Array.isArray(m)) return new MlMatrixClass(m);
  const out = new MlMatrixClass(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.set(i, j, m.data[i * m.cols + j]);
  return out;
}

/**
 * A foreign matrix's entries: a `Matrix` for ml-matrix, the nested arrays of
 * `toArray()` for mathjs (the caller validates their entries, which may be
 * BigNumbers or Fractions), `undefined` for anything else.
 */
export function readForeignMatrix(x: unknown): Matrix | unknown[] | undefined {
  if (isMlMatrix(x)) return fromMlMatrix(x);
  if (isMathjsMatrix(x)) {
    const entries = x.toArray();
    return Array.isArray(entries) ? entries : [];
  }
  return undefined;
}

/**
 * Validation of user input into matrices (DESIGN.md "Numerics": symmetric
 * inputs are checked, relative asymmetry above 1e-10 is an error, below it
 * the matrix is symmetrised).
 */
import { readForeignMatrix } from "../linalg/interop.js";
import { type Matrix, isMatrix, zeros } from "../linalg/matrix.js";
import { relativeAsymmetry, symmetrize } from "../linalg/ops.js";
import { BwInputError } from "./errors.js";

export const ASYMMETRY_TOLERANCE = 1e-10;

/** Reads a matrix (any MatrixLike: Matrix, nested arrays, ml-matrix, mathjs) checking shape and entries; `field` names it in errors. */
export function readMatrix(input: unknown, field: string): Matrix {
  const x = readForeignMatrix(input) ?? input;
  if (isMatrix(x)) {
    if (x.data.length !== x.rows * x.cols) throw new BwInputError(field, `has ${x.data.length} entries for ${x.rows}×${x.cols}`);
    for (let i = 0; i < x.data.length; i++) {
      if (!Number.isFinite(x.data[i])) {
        throw new BwInputError(field, `entry (${Math.floor(i / x.cols)}, ${i % x.cols}) is ${x.data[i]}, not a finite number`);
      }
    }
    return x;
  }
  if (!Array.isArray(x)) throw new BwInputError(field, "must be a matrix (an array of rows)");
  if (x.length === 0) throw new BwInputError(field, "is empty");
  const rows = x.length;
  const first = x[0];
  if (!Array.isArray(first)) throw new BwInputError(field, "must be an array of rows (row 0 is not an array)");
  const cols = first.length;
  if (cols === 0) throw new BwInputError(field, "has empty rows");
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const row: unknown = x[i];
    if (!Array.isArray(row)) throw new BwInputError(field, `row ${i} is not an array`);
    if (row.length !== cols) throw new BwInputError(field, `is ragged: row ${i} has ${row.length} entries, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v: unknown = row[j];
      if (typeof v !== "number") throw new BwInputError(field, `entry (${i}, ${j}) is ${JSON.stringify(v) ?? String(v)}, not a number`);
      if (!Number.isFinite(v)) throw new BwInputError(field, `entry (${i}, ${j}) is ${v}, not a finite number`);
      out.data[i * cols + j] = v;
    }
  }
  return out;
}

/** A square, symmetric (to 1e-10 relative) matrix, returned exactly symmetrised. */
export function readSymmetric(x: unknown, field: string): Matrix {
  const m = readMatrix(x, field);
  if (m.rows !== m.cols) throw new BwInputError(field, `must be square, got ${m.rows}×${m.cols}`);
  const asym = relativeAsymmetry(m);
  if (asym > ASYMMETRY_TOLERANCE) {
    throw new BwInputError(field, `is not symmetric (relative asymmetry ${asym.toExponential(2)} > ${ASYMMETRY_TOLERANCE})`);
  }
  return asym === 0 ? m : symmetrize(m);
}

/** τ ≥ 0 and finite; undefined means 0. */
export function readTau(tau: unknown, field = "tau"): number {
  if (tau === undefined) return 0;
  if (typeof tau !== "number" || !Number.isFinite(tau)) throw new BwInputError(field, `must be a finite number, got ${JSON.stringify(tau)}`);
  if (tau < 0) throw new BwInputError(field, `must be ≥ 0, got ${tau}`);
  return tau;
}

/** Rejects option keys other than the allowed ones (a misspelt `tau` must not silently mean τ = 0). */
export function checkKeys(obj: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new BwInputError(key, `unknown field in ${where} (allowed: ${allowed.join(", ")})`);
    }
  }
}

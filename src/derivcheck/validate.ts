/**
 * Input checks of checkGradient / checkHessian: a point, an option or a value
 * outside what the checks are defined for is an error naming it (a
 * RangeError), never a verdict. A verdict needs at least one direction, a
 * finite point with entries, a finite f(x), and tolerances that still tell
 * the slope of a right formula (p) from a wrong one's (p − 1).
 */
import type { Matrix } from "../linalg/matrix.js";
import type { CheckOptions } from "./types.js";

type Who = "checkGradient" | "checkHessian";

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : typeof v === "function" ? "a function" : String(v));

/**
 * The options' ranges:
 * - directions: an integer ≥ 1 (0 directions would judge nothing and pass);
 * - seed: an integer (rng takes it modulo 2³²);
 * - slopeTolerance: in (0, 1): at 1 a wrong formula's slope p − 1 passes;
 * - fdTolerance, symmetryTolerance: ≥ 0 (∞ switches the test off);
 * - magnitude: finite, ≥ 0 (∞ would call every remainder round-off);
 * - full: true, false or "auto"; project: a function.
 */
export function validateOptions(who: Who, o: CheckOptions): void {
  const fail = (key: keyof CheckOptions, what: string): never => {
    throw new RangeError(`${who}: opts.${key} must be ${what}, got ${show(o[key])}`);
  };
  if (o.directions !== undefined && !(Number.isInteger(o.directions) && o.directions >= 1)) fail("directions", "an integer ≥ 1");
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) fail("seed", "an integer");
  if (o.slopeTolerance !== undefined && !(o.slopeTolerance > 0 && o.slopeTolerance < 1)) fail("slopeTolerance", "in (0, 1) (at 1 a wrong formula's slope passes)");
  if (o.fdTolerance !== undefined && !(o.fdTolerance >= 0)) fail("fdTolerance", "≥ 0");
  if (o.symmetryTolerance !== undefined && !(o.symmetryTolerance >= 0)) fail("symmetryTolerance", "≥ 0");
  if (o.magnitude !== undefined && !(o.magnitude >= 0 && Number.isFinite(o.magnitude))) fail("magnitude", "a finite number ≥ 0");
  if (o.full !== undefined && o.full !== true && o.full !== false && o.full !== "auto") fail("full", 'true, false or "auto"');
  if (o.project !== undefined && typeof o.project !== "function") fail("project", "a function (v) => matrix");
}

/** x: a non-empty matrix whose data matches its shape, with finite entries. */
export function validatePoint(who: Who, x: Matrix): void {
  if (x.data.length !== x.rows * x.cols) throw new RangeError(`${who}: x is ${x.rows}×${x.cols} but has ${x.data.length} entries`);
  if (x.data.length === 0) throw new RangeError(`${who}: x is empty (${x.rows}×${x.cols}); there is nothing to differentiate`);
  const k = nonFiniteEntry(x);
  if (k >= 0) throw new RangeError(`${who}: x has a non-finite entry, ${x.data[k]} at entry ${k} (row-major)`);
}

/** f(x) must be a finite number: without it there is no remainder to measure. */
export function validateValue(who: Who, fx: unknown): number {
  if (typeof fx !== "number" || !Number.isFinite(fx)) {
    const what = typeof fx === "number" ? String(fx) : `${show(fx)} (a ${typeof fx})`;
    throw new RangeError(`${who}: f(x) is ${what}, not a finite number; choose x inside f's domain`);
  }
  return fx;
}

/** A value of the user's grad or hvp must have x's shape (and as many entries). */
export function validateShape(who: Who, name: string, m: Matrix, x: Matrix): void {
  if (m.rows !== x.rows || m.cols !== x.cols || m.data.length !== x.data.length) {
    throw new RangeError(`${who}: ${name} is ${m.rows}×${m.cols} with ${m.data.length} entries, x is ${x.rows}×${x.cols}`);
  }
}

/** Index of the first NaN or ±∞ entry, −1 if none. */
export function nonFiniteEntry(m: Matrix): number {
  for (let i = 0; i < m.data.length; i++) if (!Number.isFinite(m.data[i])) return i;
  return -1;
}

/** The failure line for a derivative with a non-finite entry (a formula that is wrong where f is finite). */
export function nonFiniteFailure(name: string, m: Matrix): string {
  const k = nonFiniteEntry(m);
  return `${name} has a non-finite entry: ${m.data[k]} at entry ${k} (row-major), where f is finite`;
}

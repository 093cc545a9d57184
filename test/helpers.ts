import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Matrix, fromRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, sub } from "../src/linalg/ops.js";

export type ReferenceCase = {
  sigma0: number[][];
  tau: number;
  W?: number[][];
  layers?: number[][][];
  rank?: number;
  expect: { loss: number; grad?: number[][]; hessian?: number[][]; layerGrads?: number[][][]; criticalValues?: number[]; minimum?: number };
};

export function referenceCases(): ReferenceCase[] {
  const path = fileURLToPath(new URL("./fixtures/bw-cases.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")).cases;
}

/** ‖A − B‖_F / ‖B‖_F for nested arrays or matrices. */
export function relErr(a: Matrix | number[][], b: Matrix | number[][]): number {
  const A = Array.isArray(a) ? fromRows(a) : a, B = Array.isArray(b) ? fromRows(b) : b;
  return frobeniusNorm(sub(A, B)) / frobeniusNorm(B);
}

export const EPS = 2 ** -52;

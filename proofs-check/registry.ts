/**
 * The claims registry: every claim of PAPER.md §4 that has a check so far.
 */
import type { Claim } from "./claim.js";
import { c1 } from "./c1-identities.js";
import { c2 } from "./c2-metric.js";
import { c3 } from "./c3-gradients.js";
import { c4 } from "./c4-hessians.js";
import { c5, c6 } from "./c5-c6-critical.js";
import { c7 } from "./c7-blow-up.js";
import { c8 } from "./c8-balancedness.js";
import { c9 } from "./c9-end-to-end.js";
import { c10 } from "./c10-deficiency-margin.js";
import { c11 } from "./c11-flow-rate.js";
import { c12 } from "./c12-gd-steps.js";

export const claims: readonly Claim[] = [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12];

export function findClaim(id: string): Claim | undefined {
  return claims.find((c) => c.id.toLowerCase() === id.toLowerCase());
}

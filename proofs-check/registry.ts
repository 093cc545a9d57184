/**
 * The claims registry: every claim of PAPER.md §4 that has a check so far.
 * (C2, C5–C12 arrive with the landscape, network and symbolic modules.)
 */
import type { Claim } from "./claim.js";
import { c1 } from "./c1-identities.js";
import { c3 } from "./c3-gradients.js";
import { c4 } from "./c4-hessians.js";

export const claims: readonly Claim[] = [c1, c3, c4];

export function findClaim(id: string): Claim | undefined {
  return claims.find((c) => c.id.toLowerCase() === id.toLowerCase());
}

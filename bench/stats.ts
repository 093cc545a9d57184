/** Medians and the reporting helpers shared by the benchmarks. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
}

/** Formats seconds with a unit a reader takes in at a glance. */
export function formatSeconds(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(2)} s`;
}

/**
 * `rounds` rounds of ours-then-peer in the same run (the times of one round
 * from `round`): the median of each side and of the per-round ratios.
 */
export function sameRunRounds(rounds: number, round: (k: number) => RoundTimes): { ours: number; numpy: number; ratio: number } {
  return roundMedians(Array.from({ length: rounds }, (_, k) => round(k)));
}

/** One round's times: ours and the peer's. */
export type RoundTimes = { ours: number; peer: number };

/** The medians of rounds already timed: each side, and the per-round ratios. */
export function roundMedians(times: readonly RoundTimes[]): { ours: number; numpy: number; ratio: number } {
  return { ours: median(times.map((t) => t.ours)), numpy: median(times.map((t) => t.peer)), ratio: median(times.map((t) => t.ours / t.peer)) };
}

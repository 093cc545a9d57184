/**
 * Counts with their nouns in the right number, for every text bwcheck writes
 * (claim evidence, summary.md, junit.xml, results.json, the command line):
 * "1 random instance", "2 random instances". A newcomer read "1 random
 * instances" in the evidence of `verify`; every such phrase goes through here.
 */

/** `singular` when n is 1, else `plural` (a word or phrase: "differs"/"differ", "was"/"were"). */
export function numbered(n: number, singular: string, plural: string): string {
  return n === 1 ? singular : plural;
}

/** "1 instance", "2 instances": n and its noun, whose plural is noun + "s" unless given. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${numbered(n, singular, plural)}`;
}

/** What a partial merge lacks: "shard 3/3 missing", "shards 2/3, 3/3 missing", "no shard missing". */
export function missingShards(shards: readonly string[]): string {
  return shards.length === 0 ? "no shard missing" : `${numbered(shards.length, "shard", "shards")} ${shards.join(", ")} missing`;
}

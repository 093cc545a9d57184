/**
 * CLI plumbing shared by the commands: reading JSON input from a file or
 * stdin, and the exit-code contract (DESIGN.md "CLI": bad input → exit 2, one
 * line on stderr naming the field, nothing on stdout).
 */
import { readFileSync } from "node:fs";
import { BwInputError, NotDifferentiableError } from "../bures/errors.js";

/** A usage error of the command line itself (unknown flag, missing value). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function readInputText(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (err) {
    throw new BwInputError("--input", `cannot read ${path === "-" ? "stdin" : path}: ${(err as Error).message}`);
  }
}

/** Parses a JSON object; invalid JSON and non-objects are input errors. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BwInputError("input", `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BwInputError("input", "must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Exit code for an error thrown by a command: 2 for the user's input, 1 for a fault of ours. */
export function exitCodeOf(err: unknown): number {
  return err instanceof BwInputError || err instanceof NotDifferentiableError || err instanceof UsageError ? 2 : 1;
}

/** Error message as a single line. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s*\n\s*/g, " ");
}

/**
 * Parses `--flag value` pairs and boolean `--flag`s against a declared set;
 * anything else is a UsageError.
 */
export function parseFlags(
  argv: readonly string[],
  spec: Record<string, "string" | "boolean">,
): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? arg.slice(2, eq > 0 ? eq : undefined) : "";
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown argument ${JSON.stringify(arg)} (expected one of ${Object.keys(spec).map((k) => `--${k}`).join(", ")})`);
    if (kind === "boolean") {
      out[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

/**
 * CLI plumbing shared by the commands: reading JSON input from a file or
 * stdin, and the exit-code contract (DESIGN.md "CLI": bad input → exit 2, one
 * line on stderr naming the field, nothing on stdout).
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
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

/**
 * Parses a JSON object; invalid JSON and non-objects are input errors, named
 * by the file they came from (`path`; "input" for stdin or when not given).
 */
export function parseJsonObject(text: string, path?: string): Record<string, unknown> {
  const field = path === undefined || path === "-" ? "input" : path;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BwInputError(field, `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BwInputError(field, "must be a JSON object");
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
    // a flag given twice is refused, not resolved to its last value: `verify --claim C5 --claim C7` ran C7 alone, exit 0
    if (name in out) throw new UsageError(`--${name} is given twice (each flag at most once)`);
    if (kind === "boolean") {
      out[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    // a value that is itself a flag means the value was forgotten (`--out --json` must not write to "./--json")
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

/** The nearest existing ancestor of a path (the path itself when it exists). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, before any work, that `path` can be used (or created) as an output
 * directory: an existing file there, or a parent that is a file or read-only,
 * is an input error naming the flag and the path.
 */
export function checkOutputDir(path: string, flag: string): void {
  if (path === "") throw new BwInputError(flag, "must be a directory path, got an empty string");
  const p = nearestExisting(path);
  if (!statSync(p).isDirectory()) {
    throw new BwInputError(flag, p === resolve(path) ? `${path} exists and is not a directory` : `cannot create ${path}: ${p} is a file`);
  }
  if (!writable(p)) throw new BwInputError(flag, `cannot write to ${p === resolve(path) ? path : p}: permission denied`);
  probeCreate(p, resolve(path), flag);
}

/**
 * Creates the missing folders from `existing` down to `target` one level at a
 * time, then removes them again: a folder that cannot be made (a read-only
 * or virtual file system such as /sys or /proc, where access() says writable
 * to root) is a usage error before any work, and nothing is left behind.
 * One level at a time, because a recursive mkdir under /proc loops forever on
 * Node 20.
 */
function probeCreate(existing: string, target: string, flag: string): void {
  const missing: string[] = [];
  for (let q = target; q !== existing; q = dirname(q)) missing.unshift(q);
  const made: string[] = [];
  try {
    for (const q of missing) {
      mkdirSync(q);
      made.push(q);
    }
  } catch (err) {
    throw new BwInputError(flag, `cannot create ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  } finally {
    for (const q of made.reverse()) rmdirSync(q);
  }
}

/** Checks, before any work, that `path` can be written as a file (it is not a directory, its folder can be created). */
export function checkOutputFile(path: string, flag: string): void {
  if (path === "") throw new BwInputError(flag, "must be a file path, got an empty string");
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new BwInputError(flag, `${path} is a directory, not a file`);
    if (!writable(path)) throw new BwInputError(flag, `cannot write to ${path}: permission denied`);
    return;
  }
  checkOutputDir(dirname(resolve(path)), flag);
}

/** Reads and parses a JSON file; unreadable or invalid JSON is an input error naming the file. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new BwInputError(path, `cannot read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BwInputError(path, `is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * A one-line progress bar on stderr (docs/cli-reference.md "Conventions").
 * On a terminal it redraws in place, at most every 100 ms, cut to the
 * terminal's width (a wrapped line cannot be redrawn with "\r"), each draw
 * erasing the rest of the line (ESC[K), and done() replaces it with the final
 * line: no debris of a longer bar after a shorter status. Off a terminal (CI
 * logs, pipes) it draws nothing and done() writes only the final line.
 */
export type ProgressBar = { update(done: number, total: number): void; done(status: string): void };

export type ProgressOptions = {
  /** milliseconds, for tests (default performance.now) */
  now?: () => number;
};

const BAR_WIDTH = 24;
const LABEL_WIDTH = 34;
const REDRAW_MS = 100;
const ERASE_TO_END = "\x1b[K";

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, opts: ProgressOptions = {}): ProgressBar {
  const now = opts.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const t0 = now();
  let lastDraw = -Infinity;
  const render = (done: number, total: number): string => {
    const filled = total > 0 ? Math.max(0, Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * done) / total))) : BAR_WIDTH;
    const line = `${label.padEnd(LABEL_WIDTH)} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
    // one column short of the width: writing the last column wraps on some terminals
    const columns = stream.columns > 1 ? stream.columns : 80;
    return line.length < columns ? line : line.slice(0, columns - 1);
  };
  return {
    update(done, total) {
      if (!tty) return;
      const t = now();
      if (t - lastDraw < REDRAW_MS && done < total) return;
      lastDraw = t;
      stream.write(`\r${render(done, total)}${ERASE_TO_END}`);
    },
    done(status) {
      const secs = ((now() - t0) / 1000).toFixed(1);
      stream.write(`${tty ? `\r${ERASE_TO_END}` : ""}${label.padEnd(LABEL_WIDTH)} ${status} in ${secs} s\n`);
    },
  };
}

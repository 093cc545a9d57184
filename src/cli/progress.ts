/**
 * A one-line progress bar on stderr. On a terminal it redraws in place; in CI
 * logs (not a TTY) it prints only the final line, so logs stay readable.
 */
export type ProgressBar = { update(done: number, total: number): void; done(status: string): void };

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const tty = stream.isTTY === true;
  const t0 = performance.now();
  let last = 0;
  const render = (done: number, total: number): string => {
    const width = 24;
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    return `${label.padEnd(34)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
  };
  return {
    update(done, total) {
      const now = performance.now();
      if (!tty || (now - last < 100 && done < total)) return;
      last = now;
      stream.write(`\r${render(done, total)}`);
    },
    done(status) {
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      stream.write(`${tty ? "\r" : ""}${label.padEnd(34)} ${status} in ${secs} s\n`);
    },
  };
}

/**
 * The progress bar (src/cli/progress.ts) on a fake stream: on a terminal it
 * redraws in place and leaves no debris (issue 14: `confirmed in 4.5
 * s#######] 40/40`), also when the bar is wider than the terminal; off a
 * terminal it draws nothing and writes only the final line.
 */
import { describe, expect, it } from "vitest";
import { progressBar } from "../src/cli/progress.js";

/**
 * A minimal terminal: what the screen shows after the bytes written, with
 * auto-wrap at `columns`, "\r", "\n", ESC[K (erase to end of line) and ESC[2K
 * (erase the line). Any other escape sequence fails the test.
 */
class FakeTerminal {
  readonly isTTY = true;
  readonly rows: string[][] = [[]];
  private row = 0;
  private col = 0;
  written = "";
  constructor(readonly columns: number) {}
  write(chunk: string): boolean {
    this.written += chunk;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (ch === "\x1b") {
        const m = /^\x1b\[([0-9]*)K/.exec(chunk.slice(i));
        if (!m) throw new Error(`unexpected escape sequence ${JSON.stringify(chunk.slice(i, i + 6))}`);
        const line = this.rows[this.row];
        if (m[1] === "2") line.length = 0;
        else if (m[1] === "" || m[1] === "0") line.length = Math.min(line.length, this.col);
        else throw new Error(`unexpected ${m[0]}`);
        i += m[0].length - 1;
      } else if (ch === "\r") this.col = 0;
      else if (ch === "\n") this.newRow();
      else {
        if (this.col === this.columns) this.newRow(); // auto-wrap
        const line = this.rows[this.row];
        while (line.length < this.col) line.push(" ");
        line[this.col++] = ch;
      }
    }
    return true;
  }
  private newRow(): void {
    this.row++;
    this.col = 0;
    if (!this.rows[this.row]) this.rows[this.row] = [];
  }
  /** the screen's lines, trailing blanks trimmed, the empty last row dropped */
  get screen(): string[] {
    const lines = this.rows.map((r) => r.join("").trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines;
  }
}

class FakePipe {
  readonly isTTY = false;
  written = "";
  write(chunk: string): boolean {
    this.written += chunk;
    return true;
  }
}

/** A clock the test advances by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe("progressBar", () => {
  it("on a terminal: redraws in place; done() leaves exactly the final line, no debris", () => {
    const term = new FakeTerminal(80), c = clock();
    const bar = progressBar("C3 Gradients", term as unknown as NodeJS.WriteStream, { now: c.now });
    for (let k = 0; k <= 40; k++) {
      bar.update(k, 40);
      c.advance(150);
      if (k === 20) expect(term.screen).toEqual([expect.stringMatching(/^C3 Gradients +\[#{12}\.{12}\] 20\/40$/)]);
    }
    c.advance(1000);
    bar.done("confirmed");
    expect(term.screen).toEqual(["C3 Gradients                       confirmed in 7.2 s"]);
    expect(term.written).toMatch(/\r/); // it did draw
  });

  it("the issue's case, on the real clock: a bar at 40/40, then done(): the screen shows the final line only", () => {
    const term = new FakeTerminal(100);
    const bar = progressBar("C3 Gradients", term as unknown as NodeJS.WriteStream);
    for (let k = 0; k <= 40; k++) bar.update(k, 40);
    bar.done("confirmed");
    expect(term.screen).toEqual([expect.stringMatching(/^C3 Gradients +confirmed in \d+\.\d s$/)]);
  });

  it("on a narrow terminal: the bar is cut to fit, so it never wraps and leaves no debris", () => {
    const term = new FakeTerminal(30), c = clock();
    const label = "C12 Gradient descent with a very long title";
    const bar = progressBar(label, term as unknown as NodeJS.WriteStream, { now: c.now });
    for (let k = 0; k <= 10; k++) {
      bar.update(k, 10);
      expect(term.screen.length).toBe(1);
      expect(term.screen[0].length).toBeLessThan(30);
      c.advance(200);
    }
    bar.done("refuted");
    expect(term.screen).toEqual([`${label} refuted in 2.2 s`.slice(0, 30), `${label} refuted in 2.2 s`.slice(30)]); // the final line may wrap: it is not redrawn
  });

  it("the bar reaches the right columns only as the work advances", () => {
    const term = new FakeTerminal(80), c = clock();
    const bar = progressBar("x", term as unknown as NodeJS.WriteStream, { now: c.now });
    bar.update(0, 4);
    expect(term.screen[0]).toMatch(/\[\.{24}\] 0\/4$/);
    c.advance(100);
    bar.update(1, 4);
    expect(term.screen[0]).toMatch(/\[#{6}\.{18}\] 1\/4$/);
    c.advance(10);
    bar.update(2, 4); // within 100 ms of the last draw: skipped
    expect(term.screen[0]).toMatch(/ 1\/4$/);
    bar.update(4, 4); // the last one is always drawn
    expect(term.screen[0]).toMatch(/\[#{24}\] 4\/4$/);
  });

  it("done() without any update draws only the final line", () => {
    const term = new FakeTerminal(80), c = clock();
    progressBar("C1 Identities", term as unknown as NodeJS.WriteStream, { now: c.now }).done("confirmed");
    expect(term.screen).toEqual(["C1 Identities                      confirmed in 0.0 s"]);
  });

  it("off a terminal: nothing while it runs, then the final line alone (no \\r, no escapes)", () => {
    const pipe = new FakePipe(), c = clock();
    const bar = progressBar("C3 Gradients", pipe as unknown as NodeJS.WriteStream, { now: c.now });
    for (let k = 0; k <= 40; k++) {
      bar.update(k, 40);
      c.advance(150);
    }
    expect(pipe.written).toBe("");
    bar.done("confirmed");
    expect(pipe.written).toBe("C3 Gradients                       confirmed in 6.2 s\n");
  });

  it("update and done work unbound (verify passes bar.update as a callback)", () => {
    const term = new FakeTerminal(80), c = clock();
    const { update, done } = progressBar("y", term as unknown as NodeJS.WriteStream, { now: c.now });
    update(3, 3);
    done("ok");
    expect(term.screen).toEqual([`${"y".padEnd(34)} ok in 0.0 s`]);
  });
});

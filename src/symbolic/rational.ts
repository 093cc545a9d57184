/**
 * Exact rationals on BigInt: the coefficient field of the series in
 * series.ts, so that cancellations there are exact (a floating-point series
 * would leave 1e-16 residues and misreport the leading exponent).
 */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num), d = BigInt(den);
    if (d === 0n) throw new RangeError("rational with zero denominator");
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return new Rational(g > 1n ? n / g : n, g > 1n ? d / g : d);
  }

  /** The exact value of a finite double (every double is a dyadic rational). */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    let den = 1n;
    let v = x;
    while (!Number.isInteger(v)) {
      v *= 2;
      den *= 2n;
    }
    return Rational.of(BigInt(v), den);
  }

  /** "3", "-3/4", "0.25", "1e-3" (a decimal is read exactly as written, not as its double). */
  static parse(text: string): Rational {
    const t = text.trim();
    const frac = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(t);
    if (frac) return Rational.of(BigInt(frac[1]), BigInt(frac[2]));
    const dec = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
    if (!dec || (dec[2] === "" && (dec[3] ?? "") === "")) throw new RangeError(`not a rational number: "${text}"`);
    const digits = BigInt((dec[2] || "0") + (dec[3] ?? ""));
    const exp = Number(dec[4] ?? 0) - (dec[3] ?? "").length;
    const signed = dec[1] === "-" ? -digits : digits;
    return exp >= 0 ? Rational.of(signed * 10n ** BigInt(exp)) : Rational.of(signed, 10n ** BigInt(-exp));
  }

  static readonly ZERO = Rational.of(0n);
  static readonly ONE = Rational.of(1n);

  isZero(): boolean {
    return this.num === 0n;
  }
  sign(): number {
    return this.num > 0n ? 1 : this.num < 0n ? -1 : 0;
  }
  add(b: Rational): Rational {
    return Rational.of(this.num * b.den + b.num * this.den, this.den * b.den);
  }
  sub(b: Rational): Rational {
    return Rational.of(this.num * b.den - b.num * this.den, this.den * b.den);
  }
  mul(b: Rational): Rational {
    return Rational.of(this.num * b.num, this.den * b.den);
  }
  div(b: Rational): Rational {
    if (b.num === 0n) throw new RangeError("division by zero");
    return Rational.of(this.num * b.den, this.den * b.num);
  }
  neg(): Rational {
    return Rational.of(-this.num, this.den);
  }
  /** The exact square root, or null when this is not the square of a rational. */
  sqrt(): Rational | null {
    if (this.num < 0n) return null;
    const n = isqrt(this.num), d = isqrt(this.den);
    return n * n === this.num && d * d === this.den ? Rational.of(n, d) : null;
  }
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** ⌊√n⌋ by Newton's iteration from above (the float guess only seeds it). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.ceil(Math.sqrt(Number(n)))) + 1n;
  if (x * x < n) x = n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

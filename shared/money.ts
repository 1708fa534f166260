/**
 * Money is an integer number of minor units (分 for CNY). Never a float in stored data.
 * Rates are integer basis points (1% = 100 bp). This is the one place that rounds.
 */
declare const centsBrand: unique symbol;
export type Cents = number & { readonly [centsBrand]: true };

export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer amount of minor units: ${n}`);
  return n as Cents;
}

export function isCents(n: unknown): n is Cents {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** Integer division rounded half away from zero (half-up on magnitude, as accountants expect). */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(`bad division ${numerator}/${denominator}`);
  }
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const q = Math.floor(n / d);
  const r = n - q * d;
  return sign * (2 * r >= d ? q + 1 : q);
}

/** amount × bp / 10000, rounded half-up once. */
export function applyBasisPoints(amount: Cents, bp: number): Cents {
  return cents(divRoundHalfUp(amount * bp, 10_000));
}

/**
 * Parses a decimal text amount in major units ("1234.5", "-0.305") into minor units, rounding
 * half-up at the third decimal. Refuses anything else (no thousands separators here: callers
 * that accept them normalise first, visibly).
 */
export function parseMajorUnits(text: string, minorDigits = 2): Cents {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal amount: "${text}"`);
  const [, neg, whole = '0', frac = ''] = m;
  const padded = (frac + '0'.repeat(minorDigits + 1)).slice(0, minorDigits + 1);
  let minor = Number(whole) * 10 ** minorDigits + Number(padded.slice(0, minorDigits));
  if (Number(padded[minorDigits]) >= 5) minor += 1;
  return cents(neg ? -minor : minor);
}

/**
 * Splits `total` over `weights` so that the parts sum exactly to `total`; each part is rounded
 * half-up and the residue goes to the part with the largest weight (first on ties).
 */
export function splitByWeights(total: Cents, weights: readonly number[]): Cents[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    const parts = weights.map(() => 0);
    parts[0] = total;
    return parts.map(cents);
  }
  const parts = weights.map((w) => divRoundHalfUp(total * w, sum));
  const residue = total - parts.reduce((a, b) => a + b, 0);
  let largest = 0;
  weights.forEach((w, i) => {
    if (w > (weights[largest] ?? 0)) largest = i;
  });
  parts[largest] = (parts[largest] ?? 0) + residue;
  return parts.map(cents);
}

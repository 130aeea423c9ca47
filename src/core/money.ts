// Money as integer micro-units (1e-6 of the currency unit) in bigint: exact for every ISO 4217
// currency (none has more than 4 minor digits) and never touched by binary floating point.

export type Micros = bigint;

export const MICROS_PER_UNIT = 1_000_000n;

const DECIMAL = /^(-)?(\d{1,18})(?:\.(\d{1,6}))?$/;

/** Parses "9850.00", "9850", 9850 or 9850.5 into micro-units; null when not a decimal of at most 6 places. */
export function parseDecimal(value: string | number): Micros | null {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  if (text === null) return null;
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const micros = BigInt(whole!) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, '0'));
  return sign ? -micros : micros;
}

// A JSON number is accepted on input: its shortest round-trip text is the decimal the sender wrote.
function numberToPlainString(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  return /e/i.test(text) ? null : text;
}

/** "9850.000000" → "9850.00" style text with `places` decimals (rounded half to even). */
export function formatDecimal(micros: Micros, places = 2): string {
  const rounded = roundMicros(micros, places);
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const whole = abs / MICROS_PER_UNIT;
  const fraction = (abs % MICROS_PER_UNIT).toString().padStart(6, '0').slice(0, places);
  return `${negative ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
}

/** Rounds to `places` decimals, half to even (banker's rounding, as in accounting). */
export function roundMicros(micros: Micros, places: number): Micros {
  const step = 10n ** BigInt(6 - places);
  return divideRounded(micros, step) * step;
}

/** a / b rounded half to even, for bigints. */
export function divideRounded(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const negative = a < 0n !== b < 0n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  let quotient = absA / absB;
  const twiceRemainder = (absA % absB) * 2n;
  if (twiceRemainder > absB || (twiceRemainder === absB && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** amount × rate, where the rate is itself in micro-units (e.g. 1.08 USD per EUR = 1_080_000n). */
export function multiplyMicros(amount: Micros, rate: Micros): Micros {
  return divideRounded(amount * rate, MICROS_PER_UNIT);
}

/** a / b as a micro-unit ratio (unit price = value / quantity), rounded half to even. */
export function divideMicros(a: Micros, b: Micros): Micros {
  return divideRounded(a * MICROS_PER_UNIT, b);
}

/** For statistics only (log prices, z-scores), never for sums of money. */
export function microsToNumber(micros: Micros): number {
  return Number(micros) / 1e6;
}

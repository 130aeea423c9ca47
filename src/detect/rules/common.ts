// Small helpers the rules share: score to severity, and amounts as an officer reads them.
import type { Severity } from '../../core/alert.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';

/** One scale for every rule: CRITICAL from 90, HIGH from 70, MEDIUM from 40, else LOW. */
export function severityFromScore(score: number): Severity {
  if (score >= 90) return 'CRITICAL';
  if (score >= 70) return 'HIGH';
  if (score >= 40) return 'MEDIUM';
  return 'LOW';
}

/** An integer score within 0–100. */
export function clampScore(score: number): number {
  return Math.min(100, Math.max(0, Math.round(score)));
}

/** "EUR 9,500.00": for explanations (evidence keeps plain decimal strings). */
export function formatMoney(micros: Micros, currency: string): string {
  const [whole = '', fraction] = formatDecimal(micros, 2).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  return `${currency} ${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** Countries, deduplicated (first occurrence kept), without the absent ones. */
export function countriesOf(...countries: ReadonlyArray<string | undefined>): string[] {
  const out: string[] = [];
  for (const country of countries) if (country !== undefined && !out.includes(country)) out.push(country);
  return out;
}

/** A fraction held as an exact decimal, as the micro-units multiplyMicros takes (0.8 → 800_000n). */
export function ratioMicros(ratio: number): Micros {
  return BigInt(Math.round(ratio * 1_000_000));
}

/** The larger of two bigints (Math.max does not take them). */
export function maxMicros(a: Micros, b: Micros): Micros {
  return a >= b ? a : b;
}

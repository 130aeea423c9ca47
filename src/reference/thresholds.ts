// Cash declaration thresholds per reporting country (config/reference/thresholds.yaml) and the
// boundary test. The law differs: the EU requires a declaration at EUR 10,000 "or more"
// (AT_OR_ABOVE), the US above USD 10,000, "more than" (ABOVE). Exactly 10,000 is declarable in
// the EU and not in the US; treating them alike is wrong.
import type { Micros } from '../core/money.ts';
import type { Boundary, DeclarationDirection, ThresholdTable } from './reference.ts';

export interface Threshold {
  reportingCountry: string;
  /** In micro-units of `currency`. */
  amount: Micros;
  currency: string;
  boundary: Boundary;
  /** Where the value came from: the country's own entry, its group's (e.g. EU), or the default. */
  basis: 'COUNTRY' | 'GROUP' | 'DEFAULT';
  group?: string;
  note?: string;
}

/**
 * The threshold that applies in a reporting country, or null when the country asks for no
 * declaration in that direction (Türkiye on entry). Without a direction, any entry applies.
 */
export function thresholdFor(
  reportingCountry: string,
  table: ThresholdTable,
  direction?: DeclarationDirection,
): Threshold | null {
  const own = table.countries[reportingCountry];
  const entry = own ?? table.default;
  if (direction !== undefined && !entry.directions.includes(direction)) return null;
  const threshold: Threshold = {
    reportingCountry,
    amount: entry.amount,
    currency: entry.currency,
    boundary: entry.boundary,
    basis: own === undefined ? 'DEFAULT' : own.group === undefined ? 'COUNTRY' : 'GROUP',
  };
  if (own?.group !== undefined) threshold.group = own.group;
  if (entry.note !== undefined) threshold.note = entry.note;
  return threshold;
}

/**
 * True when an amount (in the threshold's currency, micro-units) must be declared: at or above
 * the threshold for AT_OR_ABOVE, strictly above it for ABOVE.
 */
export function isAtOrOverThreshold(
  amount: Micros,
  threshold: Pick<Threshold, 'amount' | 'boundary'>,
): boolean {
  return threshold.boundary === 'AT_OR_ABOVE' ? amount >= threshold.amount : amount > threshold.amount;
}

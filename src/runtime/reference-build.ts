// `customs-aml reference build`: quartiles of unit prices (USD) per (HS code, unit), and per origin
// where there are enough rows, over the trade invoices stored in ClickHouse (trade_invoices: one
// array element per line), written as a reference table in the format of
// config/reference/reference-prices.yaml. TB-UNIT-PRICE and TB-VALUE-PER-KG read it as
// `learned-table` when it sits at config/reference/learned-reference-prices.yaml.
// Every instance that reads the same file judges against the same ranges, whatever partitions it
// consumes: this is how learned prices are shared across instances.
import { stringify } from 'yaml';
import { divideMicros, formatDecimal, type Micros, parseDecimal } from '../core/money.ts';
import { normaliseUnit } from '../detect/rules/tb-unit-price.ts';
import type { Sink } from '../io/clickhouse/sink.ts';
import { MissingFxRateError, toUsd } from '../reference/fx.ts';
import type { FxTable } from '../reference/reference.ts';

export interface BuildOptions {
  /** Event dates, "YYYY-MM-DD", inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Groups with fewer lines are left out. */
  minSampleSize?: number;
  /** The table's date (default: the last event date read, or `to`). */
  asOf?: string | undefined;
}

export interface BuiltEntry {
  hsCode: string;
  unit: string;
  origin?: string;
  q1: string;
  median: string;
  q3: string;
  sampleSize: number;
  asOf: string;
  source: string;
}

export interface BuildResult {
  table: { asOf: string; source: string; prices: BuiltEntry[] };
  invoices: number;
  lines: number;
  /** Lines left out: non-positive quantity or value, or no FX rate for their date. */
  skipped: { nonPositive: number; missingFx: number };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Quantile by linear interpolation between order statistics (type 7), on sorted micros. */
export function quantileOfSorted(sorted: readonly Micros[], q: number): Micros {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low]!;
  const b = sorted[high]!;
  if (low === high) return a;
  const weight = BigInt(Math.round((position - low) * 1_000_000));
  return a + ((b - a) * weight) / 1_000_000n;
}

export async function buildReferenceTable(
  sink: Sink,
  fx: FxTable,
  options: BuildOptions = {},
): Promise<BuildResult> {
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (value !== undefined && !DATE.test(value)) throw new Error(`--${name}: expected a date "YYYY-MM-DD"`);
  }
  const minSampleSize = options.minSampleSize ?? 20;
  const where = [
    ...(options.from ? [`toDate(event_time) >= toDate('${options.from}')`] : []),
    ...(options.to ? [`toDate(event_time) <= toDate('${options.to}')`] : []),
  ];
  const rows = await sink.query(
    `SELECT invoice_id, toString(toDate(event_time)) AS day, currency, origin_country AS origin,
            hs_codes, line_units,
            arrayMap(x -> toString(x), line_quantities) AS quantities,
            arrayMap(x -> toString(x), line_values) AS line_values_text
       FROM trade_invoices FINAL
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY invoice_id`,
  );
  const groups = new Map<string, Micros[]>();
  const add = (key: string, price: Micros) => {
    const list = groups.get(key);
    if (list) list.push(price);
    else groups.set(key, [price]);
  };
  let lines = 0;
  let lastDay = '';
  const skipped = { nonPositive: 0, missingFx: 0 };
  for (const row of rows) {
    const day = String(row.day);
    if (day > lastDay) lastDay = day;
    const codes = row.hs_codes as string[];
    const units = row.line_units as string[];
    const quantities = row.quantities as string[];
    const values = row.line_values_text as string[];
    codes.forEach((hsCode, i) => {
      lines++;
      const q = parseDecimal(quantities[i] ?? '');
      const v = parseDecimal(values[i] ?? '');
      if (q === null || v === null || q <= 0n || v <= 0n) {
        skipped.nonPositive++;
        return;
      }
      const { unit, quantity } = normaliseUnit(units[i] ?? '', q);
      if (quantity <= 0n) {
        skipped.nonPositive++;
        return;
      }
      let usd: Micros;
      try {
        usd = toUsd(v, String(row.currency), Date.parse(`${day}T00:00:00Z`), fx);
      } catch (error) {
        if (!(error instanceof MissingFxRateError)) throw error;
        skipped.missingFx++;
        return;
      }
      const price = divideMicros(usd, quantity);
      for (const digits of [6, 8, 10]) {
        if (hsCode.length < digits) continue;
        const code = hsCode.slice(0, digits);
        add(`${code}/${unit}`, price);
        if (row.origin) add(`${code}/${unit}/${String(row.origin)}`, price);
      }
    });
  }
  const asOf = options.asOf ?? options.to ?? (lastDay || new Date(0).toISOString().slice(0, 10));
  const period = `${options.from ?? 'the first'} to ${options.to ?? 'the last'} stored invoice`;
  const source = `learned from trade_invoices (${rows.length} invoices, ${period}) by customs-aml reference build`;
  const prices: BuiltEntry[] = [];
  for (const [key, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (list.length < minSampleSize) continue;
    const [hsCode, unit, origin] = key.split('/') as [string, string, string | undefined];
    // An origin-specific entry only where it adds rows of its own (not the whole any-origin group).
    if (origin !== undefined && groups.get(`${hsCode}/${unit}`)?.length === list.length) continue;
    const sorted = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    prices.push({
      hsCode,
      unit,
      ...(origin === undefined ? {} : { origin }),
      q1: formatDecimal(quantileOfSorted(sorted, 0.25), 6),
      median: formatDecimal(quantileOfSorted(sorted, 0.5), 6),
      q3: formatDecimal(quantileOfSorted(sorted, 0.75), 6),
      sampleSize: sorted.length,
      asOf,
      source: 'learned from trade_invoices',
    });
  }
  return { table: { asOf, source, prices }, invoices: rows.length, lines, skipped };
}

/** The table as YAML, with a header saying where it comes from. */
export function referenceTableYaml(result: BuildResult): string {
  const header = [
    '# Reference unit prices LEARNED from stored trade invoices by `customs-aml reference build`',
    '# (quartiles of the line unit prices in USD per HS code and unit, and per origin where there are',
    '# enough lines). TB-UNIT-PRICE and TB-VALUE-PER-KG read this file as the `learned-table`',
    '# reference when it is config/reference/learned-reference-prices.yaml. Regenerate, do not edit.',
    `# ${result.invoices} invoices, ${result.lines} lines; left out: ${result.skipped.nonPositive} non-positive, ${result.skipped.missingFx} without an FX rate.`,
  ];
  return `${header.join('\n')}\n${stringify(result.table)}`;
}

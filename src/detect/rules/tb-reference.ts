// Reference prices for TB-UNIT-PRICE and TB-VALUE-PER-KG, from three places:
//   config         the seeded table, config/reference/reference-prices.yaml;
//   learned-table  the table `customs-aml reference build` computed from stored trade_invoices,
//                  config/reference/learned-reference-prices.yaml (when present);
//   stream         quartiles learned from the stream itself: log-bucket histograms per
//                  (HS code, unit) and per origin / destination, over a sliding event-time window,
//                  in the rule's keyed state.
// A line is looked up at HS10, then HS8, then HS6 (never more digits than it has); at each level
// the sources in the configured order, each most refined first. Too few observations at every
// level: no reference, and the rule stays quiet. Also the fence arithmetic both rules share.
import type { ReferencePrice, ReferencePriceTable } from '../../config/reference.ts';
import { divideMicros, type Micros, microsToNumber, multiplyMicros } from '../../domain/money.ts';
import type { KeyedState } from '../rule.ts';
import { countOf, quantilesOf } from '../stats/log-histogram.ts';
import { observe, type WindowSpec, windowBins } from '../stats/windowed-log-histogram.ts';
import { maxMicros, ratioMicros } from './common.ts';

export const referenceSources = ['config', 'learned-table', 'stream'] as const;
export type ReferenceSource = (typeof referenceSources)[number];
export type ReferenceLevel = 'HS10' | 'HS8' | 'HS6';

export interface ResolvedReference {
  source: ReferenceSource;
  level: ReferenceLevel;
  key: string;
  q1: Micros;
  median: Micros;
  q3: Micros;
  sampleSize: number;
  /** Table entries: the entry's date and source text. */
  asOf?: string;
  tableSource?: string;
  /** Stream statistics: the window they cover and the sketch's relative accuracy. */
  windowDays?: number;
  relativeAccuracy?: number;
}

export interface LineRoute {
  origin: string;
  destination: string;
}

export interface LookupSettings {
  sources: readonly ReferenceSource[];
  minSampleSize: number;
  minLearnedSampleSize: number;
  window: WindowSpec;
}

const LEVELS = [10, 8, 6] as const;

function levelCodes(hsCode: string): { digits: 10 | 8 | 6; code: string }[] {
  return LEVELS.filter((d) => hsCode.length >= d).map((digits) => ({
    digits,
    code: hsCode.slice(0, digits),
  }));
}

const tableIndexes = new WeakMap<ReferencePriceTable, Map<string, ReferencePrice>>();

function tableIndex(table: ReferencePriceTable): Map<string, ReferencePrice> {
  let index = tableIndexes.get(table);
  if (!index) {
    index = new Map(
      table.prices.map((p) => [
        p.origin === undefined ? `${p.hsCode}/${p.unit}` : `${p.hsCode}/${p.unit}/${p.origin}`,
        p,
      ]),
    );
    tableIndexes.set(table, index);
  }
  return index;
}

/** Stream state keys of one level: per origin, per destination, any. */
function streamKeys(code: string, unit: string, route: LineRoute): string[] {
  return [
    `${code}/${unit}/from:${route.origin}`,
    `${code}/${unit}/to:${route.destination}`,
    `${code}/${unit}`,
  ];
}

function toMicros(value: number): Micros {
  return BigInt(Math.round(value * 1_000_000));
}

/** The most specific reference for a line, or null. */
export function resolveReference(
  tables: { config: ReferencePriceTable; learned: ReferencePriceTable | undefined },
  state: KeyedState,
  hsCode: string,
  unit: string,
  route: LineRoute,
  eventTime: number,
  settings: LookupSettings,
): ResolvedReference | null {
  for (const { digits, code } of levelCodes(hsCode)) {
    const level: ReferenceLevel = `HS${digits}`;
    for (const source of settings.sources) {
      if (source === 'stream') {
        for (const key of streamKeys(code, unit, route)) {
          const bins = windowBins(state, key, eventTime, settings.window);
          const n = countOf(bins);
          if (n < settings.minLearnedSampleSize) continue;
          const [q1, median, q3] = quantilesOf(bins, [0.25, 0.5, 0.75], settings.window) ?? [];
          if (q1 === undefined || median === undefined || q3 === undefined) continue;
          return {
            source,
            level,
            key,
            q1: toMicros(q1),
            median: toMicros(median),
            q3: toMicros(q3),
            sampleSize: n,
            windowDays: settings.window.windowDays,
            relativeAccuracy: settings.window.relativeAccuracy,
          };
        }
        continue;
      }
      const table = source === 'config' ? tables.config : tables.learned;
      if (!table) continue;
      const index = tableIndex(table);
      for (const key of [`${code}/${unit}/${route.origin}`, `${code}/${unit}`]) {
        const price = index.get(key);
        if (!price || price.sampleSize < settings.minSampleSize) continue;
        return {
          source,
          level,
          key,
          q1: price.q1,
          median: price.median,
          q3: price.q3,
          sampleSize: price.sampleSize,
          asOf: price.asOf,
          tableSource: price.source,
        };
      }
    }
  }
  return null;
}

/** Feeds one observed unit price (USD) into the stream statistics of every level and refinement. */
export function learnPrice(
  state: KeyedState,
  hsCode: string,
  unit: string,
  route: LineRoute,
  unitPriceUsd: Micros,
  eventTime: number,
  window: WindowSpec,
): void {
  const value = microsToNumber(unitPriceUsd);
  for (const { code } of levelCodes(hsCode)) {
    for (const key of streamKeys(code, unit, route)) observe(state, key, value, eventTime, window);
  }
}

/** What the alert says about the reference it used. */
export function describeReference(reference: ResolvedReference): Record<string, unknown> {
  return {
    source: reference.source,
    level: reference.level,
    key: reference.key,
    sampleSize: reference.sampleSize,
    ...(reference.asOf === undefined ? {} : { asOf: reference.asOf }),
    ...(reference.tableSource === undefined || reference.source === 'config'
      ? {}
      : { tableSource: reference.tableSource }),
    ...(reference.windowDays === undefined ? {} : { windowDays: reference.windowDays }),
    ...(reference.relativeAccuracy === undefined ? {} : { relativeAccuracy: reference.relativeAccuracy }),
  };
}

export type InvoicingDirection = 'OVER_INVOICED' | 'UNDER_INVOICED';

export interface PriceOutlier {
  direction: InvoicingDirection;
  unitPrice: Micros;
  lower: Micros;
  upper: Micros;
  fence: Micros;
  /** Distance to the nearest fence × quantity, USD micros. */
  moved: Micros;
  /** Distance beyond the fence in IQRs (a zero IQR counts as 1% of the median). */
  iqrsOutside: number;
  /** (price − median) / (IQR / 1.349): a z-score robust to the outliers it looks for. */
  robustZ: number;
  score: number;
}

/**
 * The Pak–Zdanowicz filter on one line: fences q1 − k·IQR (never below floorRatio × q1) and
 * q3 + k·IQR; a price on a fence is inside. Null when inside.
 */
export function priceOutlier(
  valueUsd: Micros,
  quantity: Micros,
  reference: { q1: Micros; median: Micros; q3: Micros },
  k: number,
  floorRatio: number,
): PriceOutlier | null {
  const { q1, median, q3 } = reference;
  const iqr = q3 - q1;
  const kIqr = multiplyMicros(iqr, ratioMicros(k));
  const upper = q3 + kIqr;
  const lower = maxMicros(q1 - kIqr, multiplyMicros(q1, ratioMicros(floorRatio)));
  const unitPrice = divideMicros(valueUsd, quantity);
  let direction: InvoicingDirection;
  let moved: Micros;
  let fence: Micros;
  if (unitPrice > upper) {
    direction = 'OVER_INVOICED';
    fence = upper;
    moved = valueUsd - multiplyMicros(upper, quantity);
  } else if (unitPrice < lower) {
    direction = 'UNDER_INVOICED';
    fence = lower;
    moved = multiplyMicros(lower, quantity) - valueUsd;
  } else {
    return null;
  }
  const spread = iqr > 0n ? iqr : maxMicros(median / 100n, 1n);
  const iqrsOutside =
    microsToNumber(direction === 'OVER_INVOICED' ? unitPrice - upper : lower - unitPrice) /
    microsToNumber(spread);
  const robustZ = (microsToNumber(unitPrice - median) / microsToNumber(spread)) * 1.349;
  const priceScore = Math.min(40, 20 * Math.log2(1 + iqrsOutside));
  const moneyScore = Math.min(40, 10 * Math.log10(1 + Math.max(0, microsToNumber(moved)) / 1000));
  return {
    direction,
    unitPrice,
    lower,
    upper,
    fence,
    moved,
    iqrsOutside,
    robustZ,
    score: 20 + priceScore + moneyScore,
  };
}

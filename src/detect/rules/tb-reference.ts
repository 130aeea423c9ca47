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

import { divideMicros, type Micros, microsToNumber, multiplyMicros } from '../../core/money.ts';
import type { ReferencePrice, ReferencePriceTable } from '../../reference/reference.ts';
import type { DetectionConfig, KeyedState } from '../rule.ts';
import { bucketOf } from '../stats/log-histogram.ts';
import {
  denseQuantiles,
  observeBucket,
  type WindowSpec,
  windowHistogram,
} from '../stats/windowed-log-histogram.ts';
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

/** The reference tables of the configuration. */
export function referenceTables(config: DetectionConfig): {
  config: ReferencePriceTable;
  learned: ReferencePriceTable | undefined;
} {
  return { config: config.reference.referencePrices, learned: config.reference.learnedReferencePrices };
}

/** The parameters a price rule looks up and learns with. */
interface PriceParameters {
  referenceSources: readonly ReferenceSource[];
  minSampleSize: number;
  minLearnedSampleSize: number;
  learningWindowDays: number;
  sketchRelativeAccuracy: number;
}

// Rule settings are shared objects, resolved once per (rule, country): so are these.
const lookups = new WeakMap<PriceParameters, LookupSettings>();

/** A price rule's look-up settings (with its learning window) from its parameters. Read only. */
export function lookupSettings(settings: PriceParameters): LookupSettings {
  let lookup = lookups.get(settings);
  if (!lookup) {
    lookup = {
      sources: settings.referenceSources,
      minSampleSize: settings.minSampleSize,
      minLearnedSampleSize: settings.minLearnedSampleSize,
      window: { windowDays: settings.learningWindowDays, relativeAccuracy: settings.sketchRelativeAccuracy },
    };
    lookups.set(settings, lookup);
  }
  return lookup;
}

/** The state and table keys of one HS level of a line: made once per line, for look-up and learning. */
export interface LevelKeys {
  level: ReferenceLevel;
  /** Stream state keys, most refined first: per origin, per destination, any. */
  stream: readonly [string, string, string];
  /** Table keys, most refined first: per origin, any. */
  table: readonly [string, string];
}

/** The keys of every level a line's HS code has (never more digits than it has), HS10 first. */
export function lineKeys(hsCode: string, unit: string, route: LineRoute): readonly LevelKeys[] {
  // The same few thousand (HS code, unit, route) combinations recur: their key strings are made
  // once, so the state maps hash each of them once instead of on every line.
  const byRoute = nested(nested(keyCache, hsCode), unit);
  const byDestination = nested(byRoute, route.origin);
  let keys = byDestination.get(route.destination);
  if (keys === undefined) {
    if (++cachedLines > KEY_CACHE_LIMIT) {
      keyCache.clear();
      cachedLines = 0;
    }
    keys = makeLineKeys(hsCode, unit, route);
    byDestination.set(route.destination, keys);
  }
  return keys;
}

/** HS code → unit → origin → destination → keys: nested, so a look-up builds no composite string. */
type KeyCache = Map<string, Map<string, Map<string, Map<string, readonly LevelKeys[]>>>>;
const keyCache: KeyCache = new Map();
const KEY_CACHE_LIMIT = 100_000;
let cachedLines = 0;

function nested<V extends Map<string, unknown>>(map: Map<string, V>, key: string): V {
  let inner = map.get(key);
  if (inner === undefined) {
    inner = new Map() as V;
    map.set(key, inner);
  }
  return inner;
}

function makeLineKeys(hsCode: string, unit: string, route: LineRoute): readonly LevelKeys[] {
  const levels: LevelKeys[] = [];
  for (const digits of LEVELS) {
    if (hsCode.length < digits) continue;
    const any = `${hsCode.slice(0, digits)}/${unit}`;
    levels.push({
      level: `HS${digits}`,
      stream: [`${any}/from:${route.origin}`, `${any}/to:${route.destination}`, any],
      table: [`${any}/${route.origin}`, any],
    });
  }
  return levels;
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

function toMicros(value: number): Micros {
  return BigInt(Math.round(value * 1_000_000));
}

/** The most specific reference for a line (its keys from lineKeys), or null. */
export function resolveReference(
  tables: { config: ReferencePriceTable; learned: ReferencePriceTable | undefined },
  state: KeyedState,
  levels: readonly LevelKeys[],
  eventTime: number,
  settings: LookupSettings,
): ResolvedReference | null {
  for (const { level, stream, table: tableKeys } of levels) {
    for (const source of settings.sources) {
      if (source === 'stream') {
        const found = streamReference(state, stream, level, eventTime, settings);
        if (found) return found;
        continue;
      }
      const table = source === 'config' ? tables.config : tables.learned;
      if (!table) continue;
      const index = tableIndex(table);
      for (const key of tableKeys) {
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

/** Quartiles learned from the stream under the first key with enough observations, or null. */
function streamReference(
  state: KeyedState,
  keys: readonly string[],
  level: ReferenceLevel,
  eventTime: number,
  settings: LookupSettings,
): ResolvedReference | null {
  for (const key of keys) {
    const held = windowHistogram(state, key, eventTime, settings.window);
    const n = held?.count ?? 0;
    if (held === null || n < settings.minLearnedSampleSize) continue;
    const [q1, median, q3] = denseQuantiles(held.bins, n, QUARTILES, settings.window) ?? [];
    if (q1 === undefined || median === undefined || q3 === undefined) continue;
    return {
      source: 'stream',
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
  return null;
}

const QUARTILES = [0.25, 0.5, 0.75] as const;

/** Feeds one observed unit price (USD) into the stream statistics of every level and refinement. */
export function learnPrice(
  state: KeyedState,
  levels: readonly LevelKeys[],
  unitPriceUsd: Micros,
  eventTime: number,
  window: WindowSpec,
): void {
  const value = microsToNumber(unitPriceUsd);
  if (!(value > 0) || !Number.isFinite(value)) return;
  const bucket = bucketOf(value, window);
  for (const { stream } of levels)
    for (const key of stream) observeBucket(state, key, bucket, eventTime, window.windowDays);
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

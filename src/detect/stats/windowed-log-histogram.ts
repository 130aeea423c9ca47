// Log-bucket histograms per key over a sliding event-time window of whole UTC days, held in a
// rule's keyed state: one histogram per day, their running sum, days older than the window dropped.
// What a key holds at event time t depends only on the observations of the days
// (day(t) − windowDays, day(t)]: after a restart, replaying the stored events of the last
// `engine.stateRetentionMs` (≥ the window) rebuilds exactly the same histograms.
//
// Bins are dense here (counts of consecutive buckets in an array) rather than LogBins records:
// a priced invoice line updates nine of these and reads up to nine, and an array needs no string
// keys, no key sorting for quantiles and no per-read allocation.
import type { KeyedState } from '../rule.ts';
import { bucketOf, bucketValue, type LogBins, type LogHistogramSpec } from './log-histogram.ts';

export const DAY_MS = 86_400_000;

/** Counts of consecutive buckets: `counts[i]` observations in bucket `lo + i`. JSON-serialisable. */
export interface DenseBins {
  lo: number;
  counts: number[];
}

/** What one key holds in state: each day's bins, and their running sum. */
export interface DailyBins {
  /** One per UTC day holding observations, oldest first. */
  days: { day: number; bins: DenseBins }[];
  /** The sum of `days`, kept up to date by `observe`, so the common read needs no merge. */
  merged: DenseBins;
  /** The number of observations in `merged`. */
  count: number;
  /** The oldest day in `days` (the first): whether any day left the window is one comparison. */
  firstDay: number;
}

export interface WindowSpec extends LogHistogramSpec {
  windowDays: number;
}

export function dayOf(eventTime: number): number {
  return Math.floor(eventTime / DAY_MS);
}

/** The window's histogram and its count; null when the key holds nothing. Read only. */
export function windowHistogram(
  state: KeyedState,
  key: string,
  eventTime: number,
  spec: WindowSpec,
): { bins: DenseBins; count: number } | null {
  const held = state.get<DailyBins>(key);
  if (!held) return null;
  const first = dayOf(eventTime) - spec.windowDays + 1;
  // Every held day still in the window (the usual case): the running sum is the answer.
  if (held.firstDay >= first) return { bins: held.merged, count: held.count };
  // Some days left the window (usually one) but no observation has dropped them yet: the running
  // sum without those days, on a copy (a read changes no state).
  const bins = { lo: held.merged.lo, counts: held.merged.counts.slice() };
  let count = held.count;
  for (const { day, bins: dayBins } of held.days) {
    if (day >= first) break; // days are in order: the rest are in the window
    count -= subtract(bins, dayBins);
  }
  return { bins, count };
}

/** The window's histogram as LogBins (bucket → count), empty when the key holds nothing. */
export function windowBins(state: KeyedState, key: string, eventTime: number, spec: WindowSpec): LogBins {
  const bins: LogBins = {};
  const held = windowHistogram(state, key, eventTime, spec)?.bins;
  held?.counts.forEach((count, i) => {
    if (count > 0) bins[String(held.lo + i)] = count;
  });
  return bins;
}

/**
 * The quantiles (each in [0, 1]) by the nearest-rank rule, as quantilesOf (log-histogram.ts) on
 * the same observations: the value of the bucket holding the ⌈q·n⌉-th smallest one. Null when empty.
 */
export function denseQuantiles(
  bins: DenseBins,
  count: number,
  qs: readonly number[],
  spec: LogHistogramSpec,
): number[] | null {
  if (count === 0) return null;
  return qs.map((q) => {
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (let i = 0; i < bins.counts.length; i++) {
      seen += bins.counts[i]!;
      if (seen >= rank) return bucketValue(bins.lo + i, spec);
    }
    return bucketValue(bins.lo + bins.counts.length - 1, spec);
  });
}

/** Records one observation under a key at an event time; drops the days that left the window. */
export function observe(
  state: KeyedState,
  key: string,
  value: number,
  eventTime: number,
  spec: WindowSpec,
): void {
  if (!(value > 0) || !Number.isFinite(value)) return;
  observeBucket(state, key, bucketOf(value, spec), eventTime, spec.windowDays);
}

/** observe, for a value whose bucket is known (one value recorded under several keys). */
export function observeBucket(
  state: KeyedState,
  key: string,
  bucket: number,
  eventTime: number,
  windowDays: number,
): void {
  const today = dayOf(eventTime);
  const held = state.get<DailyBins>(key) ?? {
    days: [],
    merged: { lo: 0, counts: [] },
    count: 0,
    firstDay: today,
  };
  if (held.firstDay <= today - windowDays) dropDays(held, today - windowDays);
  add(dayBins(held, today), bucket);
  add(held.merged, bucket);
  held.count += 1;
  held.firstDay = Math.min(held.firstDay, today);
  // Kept until the last day holding data leaves the window.
  state.set(key, held, (today + windowDays) * DAY_MS);
}

/** The bins of a day, made when missing, in day order (events come in time order: usually last). */
function dayBins(held: DailyBins, day: number): DenseBins {
  const days = held.days;
  let at = days.length;
  while (at > 0 && days[at - 1]!.day > day) at--;
  if (at > 0 && days[at - 1]!.day === day) return days[at - 1]!.bins;
  const bins = { lo: 0, counts: [] };
  if (at === days.length) days.push({ day, bins });
  else days.splice(at, 0, { day, bins });
  return bins;
}

/** Drops the days up to `last` (inclusive), the oldest, from the days and the running sum. */
function dropDays(held: DailyBins, last: number): void {
  const days = held.days;
  let dropped = 0;
  while (dropped < days.length && days[dropped]!.day <= last) {
    held.count -= subtract(held.merged, days[dropped]!.bins);
    dropped++;
  }
  days.splice(0, dropped);
  held.firstDay = days.length > 0 ? days[0]!.day : Number.POSITIVE_INFINITY;
}

/** Adds one observation to a bucket, widening the range as needed. */
function add(bins: DenseBins, bucket: number): void {
  const counts = bins.counts;
  if (counts.length === 0) {
    bins.lo = bucket;
    counts.push(1);
    return;
  }
  if (bucket < bins.lo) {
    counts.unshift(...new Array<number>(bins.lo - bucket).fill(0));
    bins.lo = bucket;
  }
  while (bucket - bins.lo >= counts.length) counts.push(0);
  counts[bucket - bins.lo] = counts[bucket - bins.lo]! + 1;
}

/**
 * Takes `from` out of `into` (exact: counts subtract; `from` is part of `into`), then trims the
 * empty buckets at both ends. Returns the number of observations taken.
 */
function subtract(into: DenseBins, from: DenseBins): number {
  let taken = 0;
  for (let i = 0; i < from.counts.length; i++) {
    const count = from.counts[i]!;
    taken += count;
    const at = from.lo + i - into.lo;
    into.counts[at] = into.counts[at]! - count;
  }
  const counts = into.counts;
  let end = counts.length;
  while (end > 0 && counts[end - 1] === 0) end--;
  counts.length = end;
  let start = 0;
  while (start < end && counts[start] === 0) start++;
  if (start > 0) {
    counts.splice(0, start);
    into.lo += start;
  }
  return taken;
}

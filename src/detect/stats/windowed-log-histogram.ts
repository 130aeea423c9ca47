// Log-bucket histograms per key over a sliding event-time window of whole UTC days, held in a
// rule's keyed state: one histogram per day, merged on read, days older than the window dropped.
// What a key holds at event time t depends only on the observations of the days
// (day(t) − windowDays, day(t)]: after a restart, replaying the stored events of the last
// `engine.stateRetentionMs` (≥ the window) rebuilds exactly the same histograms.
import type { KeyedState } from '../rule.ts';
import { addValue, countOf, type LogBins, type LogHistogramSpec, mergeBins } from './log-histogram.ts';

export const DAY_MS = 86_400_000;

/** What one key holds in state: UTC day number → that day's bins, and their running sum. */
export interface DailyBins {
  days: Record<string, LogBins>;
  /** The sum of `days`, kept up to date by `observe`, so the common read needs no merge. */
  merged: LogBins;
}

export interface WindowSpec extends LogHistogramSpec {
  windowDays: number;
}

export function dayOf(eventTime: number): number {
  return Math.floor(eventTime / DAY_MS);
}

/** The merged histogram of the window ending on the event's day (the event's own day included). */
export function windowBins(state: KeyedState, key: string, eventTime: number, spec: WindowSpec): LogBins {
  const held = state.get<DailyBins>(key);
  if (!held) return {};
  const first = dayOf(eventTime) - spec.windowDays + 1;
  const days = Object.keys(held.days);
  // Every held day still in the window (the usual case): the running sum is the answer.
  if (days.every((day) => Number(day) >= first)) return held.merged;
  const merged: LogBins = {};
  for (const day of days) if (Number(day) >= first) mergeBins(merged, held.days[day]!);
  return merged;
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
  const today = dayOf(eventTime);
  const held = state.get<DailyBins>(key) ?? { days: {}, merged: {} };
  for (const day of Object.keys(held.days)) {
    if (Number(day) > today - spec.windowDays) continue;
    subtractBins(held.merged, held.days[day]!);
    delete held.days[day];
  }
  const bins = held.days[String(today)] ?? {};
  held.days[String(today)] = addValue(bins, value, spec);
  addValue(held.merged, value, spec);
  // Kept until the last day holding data leaves the window.
  state.set(key, held, (today + spec.windowDays) * DAY_MS);
}

/** Takes `from` out of `into` (exact: counts subtract); empty buckets are removed. */
function subtractBins(into: LogBins, from: LogBins): void {
  for (const [bucket, count] of Object.entries(from)) {
    const left = (into[bucket] ?? 0) - count;
    if (left > 0) into[bucket] = left;
    else delete into[bucket];
  }
}

export { countOf };

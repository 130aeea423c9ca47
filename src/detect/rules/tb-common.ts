// Helpers the TB-* rules share: the declaring trader, the countries an invoice touches, its value
// in USD, and a per-trader history of HS chapters in keyed state.

import type { AlertDraft } from '../../core/alert.ts';
import type { InvoiceEvent, TradeInvoice } from '../../core/events.ts';
import type { Micros } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import type { DetectionConfig, KeyedState } from '../rule.ts';
import { DAY_MS } from '../stats/windowed-log-histogram.ts';
import { clampScore, countriesOf, severityFromScore } from './common.ts';
import { perEvent, perEventOnly } from './per-event.ts';

/** The declaring side's trader: the importer on IMPORT, the exporter on EXPORT. */
export function declarant(invoice: TradeInvoice): TradeInvoice['importer'] {
  return invoice.flow === 'IMPORT' ? invoice.importer : invoice.exporter;
}

/** Every country the invoice names (reporting, route, parties, payer). */
export function invoiceCountries(invoice: TradeInvoice): string[] {
  return countriesOf(
    invoice.reportingCountry,
    invoice.originCountry,
    invoice.dispatchCountry,
    invoice.destinationCountry,
    ...(invoice.transitCountries ?? []),
    invoice.exporter.country,
    invoice.importer.country,
    invoice.payment?.payerCountry,
  );
}

/** The invoice's declared total in USD at the event date (throws MissingFxRateError). */
export const totalUsd = perEvent(
  (event: InvoiceEvent, config: DetectionConfig): Micros =>
    toUsd(event.body.totalValue, event.body.currency, event.eventTime, config.reference.fxRates),
);

/** An amount of the invoice's currency in USD at the event date. */
export function usd(amount: Micros, event: InvoiceEvent, config: DetectionConfig): Micros {
  return toUsd(amount, event.body.currency, event.eventTime, config.reference.fxRates);
}

/** A TRADER alert on one invoice: the fields every TB-* draft shares. */
export function traderDraft(
  event: InvoiceEvent,
  fields: Omit<
    AlertDraft,
    'severity' | 'entityType' | 'entityKey' | 'eventTime' | 'reportingCountry' | 'countries' | 'eventIds'
  > &
    Partial<Pick<AlertDraft, 'eventIds' | 'countries'>>,
): AlertDraft {
  const score = clampScore(fields.score);
  return {
    severity: severityFromScore(score),
    entityType: 'TRADER',
    entityKey: declarant(event.body).id,
    eventIds: [event.id],
    eventTime: event.eventTime,
    reportingCountry: event.body.reportingCountry,
    countries: invoiceCountries(event.body),
    ...fields,
    score,
  };
}

/** HS chapter: the first two digits. */
export function chapterOf(hsCode: string): string {
  return hsCode.slice(0, 2);
}

/** The invoice's HS chapters, deduplicated and sorted (shared by the rules of one event: read only). */
export const invoiceChapters = perEventOnly((event: InvoiceEvent): readonly string[] =>
  [...new Set(event.body.lines.map((l) => chapterOf(l.hsCode)))].sort(),
);

/**
 * What a trader's history holds: invoice times, and the HS chapters seen with the last time each
 * was seen (`chapterTimes[i]` for `chapters[i]`). Arrays rather than a record keyed by chapter:
 * pruning deletes no keys.
 */
export interface TraderHistory {
  invoices: number[];
  chapters: string[];
  chapterTimes: number[];
}

/**
 * The declaring trader's history within `days` before the event (the event itself not included).
 * Pruned in place: the rule owns it, reads what it needs, then hands it to recordTraderHistory.
 * Keyed by the trader id itself: a rule's namespace holds nothing but trader histories.
 */
export function traderHistory(state: KeyedState, event: InvoiceEvent, days: number): TraderHistory {
  const held = state.get<TraderHistory>(declarant(event.body).id);
  if (!held) return { invoices: [], chapters: [], chapterTimes: [] };
  const since = event.eventTime - days * DAY_MS;
  const { invoices, chapters, chapterTimes } = held;
  let kept = 0;
  for (let i = 0; i < invoices.length; i++) if (invoices[i]! > since) invoices[kept++] = invoices[i]!;
  invoices.length = kept;
  kept = 0;
  for (let i = 0; i < chapters.length; i++) {
    if (!(chapterTimes[i]! > since)) continue;
    chapters[kept] = chapters[i]!;
    chapterTimes[kept++] = chapterTimes[i]!;
  }
  chapters.length = kept;
  chapterTimes.length = kept;
  return held;
}

/** Adds the invoice and its chapters to the history traderHistory returned, and keeps it for `days`. */
export function recordTraderHistory(
  state: KeyedState,
  event: InvoiceEvent,
  history: TraderHistory,
  chapters: readonly string[],
  days: number,
): void {
  history.invoices.push(event.eventTime);
  for (const chapter of chapters) {
    const at = history.chapters.indexOf(chapter);
    if (at >= 0) history.chapterTimes[at] = event.eventTime;
    else {
      history.chapters.push(chapter);
      history.chapterTimes.push(event.eventTime);
    }
  }
  state.set(declarant(event.body).id, history, event.eventTime + days * DAY_MS);
}

/**
 * The records kept under a key, those after `since` other than the event's own (a redelivery),
 * with `record` appended last, as now kept until `expiresAt`. The list is pruned in place (the
 * rule owns it); a new one is an array literal (a first push would reserve seventeen slots).
 */
export function appendRecord<R extends { time: number; id: string }>(
  state: KeyedState,
  key: string,
  record: R,
  since: number,
  expiresAt: number,
): R[] {
  const held = state.get<R[]>(key);
  let all: R[];
  if (held === undefined) all = [record];
  else {
    let kept = 0;
    for (const r of held) if (r.time > since && r.id !== record.id) held[kept++] = r;
    held.length = kept;
    held.push(record);
    all = held;
  }
  state.set(key, all, expiresAt);
  return all;
}

/**
 * Whether the rule has seen invoices on the first day of the `days`-day look-back ending on the
 * event's day: only then does "no history" mean new rather than not yet observed. It depends only
 * on the look-back's own events, so a restart that replays them answers alike (a stream start
 * time would not survive a restart). Call before recordActivity for the event.
 */
export function coversLookBack(state: KeyedState, eventTime: number, days: number): boolean {
  const held = state.get<number[]>('stream:active-days') ?? [];
  const first = Math.floor(eventTime / DAY_MS) - days + 1;
  return held.includes(first);
}

/** Notes the event's UTC day as one with invoices (kept for `days`). */
export function recordActivity(state: KeyedState, eventTime: number, days: number): void {
  const today = Math.floor(eventTime / DAY_MS);
  // Pruned in place: one list for the whole rule, touched by every invoice.
  const held = state.get<number[]>('stream:active-days') ?? [];
  let kept = 0;
  for (let i = 0; i < held.length; i++) if (held[i]! > today - days) held[kept++] = held[i]!;
  held.length = kept;
  if (!held.includes(today)) held.push(today);
  state.set('stream:active-days', held, (today + days) * DAY_MS);
}

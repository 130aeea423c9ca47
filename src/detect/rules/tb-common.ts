// Helpers the TB-* rules share: the declaring trader, the countries an invoice touches, its value
// in USD, and a per-trader history of HS chapters in keyed state.
import type { AlertDraft } from '../../alert/alert.ts';
import { toUsd } from '../../config/fx.ts';
import type { Config } from '../../config/schema.ts';
import type { InvoiceEvent, TradeInvoice } from '../../domain/events.ts';
import type { Micros } from '../../domain/money.ts';
import type { KeyedState } from '../rule.ts';
import { DAY_MS } from '../stats/windowed-log-histogram.ts';
import { clampScore, countriesOf, severityFromScore } from './common.ts';

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
export function totalUsd(event: InvoiceEvent, config: Config): Micros {
  return toUsd(event.body.totalValue, event.body.currency, event.eventTime, config.reference.fxRates);
}

/** An amount of the invoice's currency in USD at the event date. */
export function usd(amount: Micros, event: InvoiceEvent, config: Config): Micros {
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

/** What a trader's history holds: invoice times, and per HS chapter the last time it was seen. */
export interface TraderHistory {
  invoices: number[];
  chapters: Record<string, number>;
}

/** A trader's history within `days` before the event (the event itself not included). */
export function traderHistory(
  state: KeyedState,
  traderId: string,
  eventTime: number,
  days: number,
): TraderHistory {
  const held = state.get<TraderHistory>(`trader:${traderId}`);
  const since = eventTime - days * DAY_MS;
  if (!held) return { invoices: [], chapters: {} };
  return {
    invoices: held.invoices.filter((t) => t > since),
    chapters: Object.fromEntries(Object.entries(held.chapters).filter(([, t]) => t > since)),
  };
}

/** Records the invoice's chapters in the trader's history, pruned to `days`. */
export function recordTraderHistory(
  state: KeyedState,
  traderId: string,
  chapters: readonly string[],
  eventTime: number,
  days: number,
): void {
  const history = traderHistory(state, traderId, eventTime, days);
  history.invoices.push(eventTime);
  for (const chapter of chapters) history.chapters[chapter] = eventTime;
  state.set(`trader:${traderId}`, history, eventTime + days * DAY_MS);
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
  const held = (state.get<number[]>('stream:active-days') ?? []).filter((day) => day > today - days);
  if (!held.includes(today)) held.push(today);
  state.set('stream:active-days', held, (today + days) * DAY_MS);
}

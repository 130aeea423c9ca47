// Currency conversion with the dated FX table of config/reference/fx-rates.yaml. The rate used is
// the latest one dated on or before the event's UTC date. A missing rate is an error on that
// event (the pipeline dead-letters it with the reason), never a silent zero.
import { divideRounded, type Micros } from '../core/money.ts';
import type { FxRate, FxTable } from './reference.ts';

const DAY_MS = 86_400_000;

/** No usable rate for a currency on a date: the event cannot be valued in USD. */
export class MissingFxRateError extends Error {
  /** Stable reason code for dead letters. */
  readonly code = 'MISSING_FX_RATE';
  readonly currency: string;
  /** The event's UTC date, "YYYY-MM-DD". */
  readonly date: string;
  /** The latest rate's date when there is one but it is too old. */
  readonly staleSince: string | undefined;

  constructor(currency: string, date: string, staleSince?: string, maxAgeDays?: number) {
    super(
      staleSince === undefined
        ? `no FX rate for ${currency} on or before ${date}`
        : `no FX rate for ${currency} on or before ${date} within ${maxAgeDays} days (latest is dated ${staleSince})`,
    );
    this.name = 'MissingFxRateError';
    this.currency = currency;
    this.date = date;
    this.staleSince = staleSince;
  }
}

// Every amount of every event is converted: the date text of a day is made once.
const dateOfDay = new Map<number, string>();

/** The UTC calendar date of an epoch-ms time, "YYYY-MM-DD". */
export function utcDate(epochMs: number): string {
  const day = Math.floor(epochMs / 86_400_000);
  let date = dateOfDay.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (dateOfDay.size > 100_000) dateOfDay.clear();
    dateOfDay.set(day, date);
  }
  return date;
}

/** The rate for a currency at an event time; USD is always 1. Throws MissingFxRateError. */
export function fxRateFor(currency: string, eventTimeMs: number, fx: FxTable): FxRate {
  if (currency === 'USD') return USD_RATE;
  const date = utcDate(eventTimeMs);
  const rates = fx.rates[currency];
  if (!rates) throw new MissingFxRateError(currency, date);
  // Binary search: the last rate whose `from` is on or before the date.
  let low = 0;
  let high = rates.length - 1;
  let found: FxRate | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const rate = rates[mid]!;
    if (rate.from <= date) {
      found = rate;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (!found) throw new MissingFxRateError(currency, date);
  if (fx.maxAgeDays !== null && Date.parse(date) - Date.parse(found.from) > fx.maxAgeDays * DAY_MS) {
    throw new MissingFxRateError(currency, date, found.from, fx.maxAgeDays);
  }
  return found;
}

const USD_RATE: FxRate = { from: '0000-01-01', rate: '1', num: 1n, den: 1n };

/** An amount in micro-units of `currency`, in micro-USD at the event date (rounded half to even). */
export function toUsd(amountMicros: Micros, currency: string, eventTimeMs: number, fx: FxTable): Micros {
  if (currency === 'USD') return amountMicros;
  const rate = fxRateFor(currency, eventTimeMs, fx);
  return divideRounded(amountMicros * rate.num, rate.den);
}

/** Micro-USD in micro-units of `currency` at the event date (rounded half to even). */
export function fromUsd(usdMicros: Micros, currency: string, eventTimeMs: number, fx: FxTable): Micros {
  if (currency === 'USD') return usdMicros;
  const rate = fxRateFor(currency, eventTimeMs, fx);
  return divideRounded(usdMicros * rate.den, rate.num);
}

/** From one currency to another via USD; an amount already in the target currency is left exact. */
export function convert(
  amountMicros: Micros,
  from: string,
  to: string,
  eventTimeMs: number,
  fx: FxTable,
): Micros {
  if (from === to) return amountMicros;
  return fromUsd(toUsd(amountMicros, from, eventTimeMs, fx), to, eventTimeMs, fx);
}

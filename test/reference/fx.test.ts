import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { convert, fromUsd, fxRateFor, MissingFxRateError, toUsd, utcDate } from '../../src/reference/fx.ts';
import { fxRatesSchema } from '../../src/reference/reference.ts';
import { money } from '../support/events.ts';

const fx = fxRatesSchema.parse({
  asOf: '2026-03-01',
  source: 'test',
  maxAgeDays: 45,
  rates: {
    EUR: { '2026-03-10': '1.08', '2026-01': '1.12', '2026-02': '1.10' },
    JPY: { '2026-03': '0.006650' },
    SAR: { '2026-03': '0.2666666667' },
  },
});
const at = (iso: string) => Date.parse(iso);

describe('FX table', () => {
  it('sorts rates by date and starts a month key on its first day', () => {
    expect(fx.rates.EUR?.map((r) => [r.from, r.rate])).toEqual([
      ['2026-01-01', '1.12'],
      ['2026-02-01', '1.10'],
      ['2026-03-10', '1.08'],
    ]);
  });

  it('rejects a zero rate, a bad date and two keys for one day', () => {
    const bad = fxRatesSchema.safeParse({
      asOf: '2026-03-01',
      source: 'test',
      rates: { EUR: { '2026-01': '0', '2026-02-30': '1.1', '2026-03': '1.1', '2026-03-01': '1.2' } },
    });
    expect(bad.success).toBe(false);
    // A bad key is reported with the key's own message inside (the loader shows that one).
    const message = (i: z.core.$ZodIssue) => (i.code === 'invalid_key' ? i.issues[0]?.message : i.message);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), message(i)])).toEqual([
      ['rates.EUR.2026-01', 'expected a positive decimal rate (US dollars per unit) such as "1.0850"'],
      ['rates.EUR.2026-02-30', 'expected a date "YYYY-MM-DD" or a month "YYYY-MM"'],
    ]);
    const duplicate = fxRatesSchema.safeParse({
      asOf: '2026-03-01',
      source: 'test',
      rates: { EUR: { '2026-03': '1.1', '2026-03-01': '1.2' } },
    });
    expect(duplicate.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rates.EUR.2026-03-01', 'same day as "2026-03"'],
    ]);
  });
});

describe('toUsd', () => {
  it('uses the latest rate dated on or before the event date (UTC)', () => {
    expect(toUsd(money('1000.00'), 'EUR', at('2026-03-09T23:59:59Z'), fx)).toBe(money('1100.00'));
    expect(toUsd(money('1000.00'), 'EUR', at('2026-03-10T00:00:00Z'), fx)).toBe(money('1080.00'));
    expect(toUsd(money('1000.00'), 'EUR', at('2026-03-10T01:00:00+02:00'), fx)).toBe(money('1100.00')); // 9 March UTC
    expect(toUsd(money('1000.00'), 'EUR', at('2026-01-15T12:00:00Z'), fx)).toBe(money('1120.00'));
  });

  it('is exact for rates with many decimals, rounding half to even at the micro-unit', () => {
    expect(toUsd(money('60000.00'), 'SAR', at('2026-03-14T10:00:00Z'), fx)).toBe(16_000_000_002n); // 16000.000002
    expect(toUsd(money('1000000'), 'JPY', at('2026-03-14T10:00:00Z'), fx)).toBe(money('6650.00'));
  });

  it('leaves USD as it is, listed or not', () => {
    expect(toUsd(money('123.45'), 'USD', at('1999-01-01T00:00:00Z'), fx)).toBe(money('123.45'));
    expect(fxRateFor('USD', at('2026-03-14T00:00:00Z'), fx).rate).toBe('1');
  });

  it('throws MissingFxRateError naming the currency and date: unknown currency, before the first rate, too old', () => {
    const catchIt = (currency: string, iso: string) => {
      try {
        toUsd(money('1'), currency, at(iso), fx);
      } catch (error) {
        return error;
      }
      return null;
    };
    const unknown = catchIt('CHF', '2026-03-14T10:00:00Z');
    expect(unknown).toBeInstanceOf(MissingFxRateError);
    expect(unknown).toMatchObject({
      code: 'MISSING_FX_RATE',
      currency: 'CHF',
      date: '2026-03-14',
      message: 'no FX rate for CHF on or before 2026-03-14',
    });
    expect(catchIt('EUR', '2025-12-31T23:00:00Z')).toMatchObject({ currency: 'EUR', date: '2025-12-31' });
    expect(catchIt('EUR', '2026-04-25T00:00:00Z')).toMatchObject({
      staleSince: '2026-03-10',
      message: 'no FX rate for EUR on or before 2026-04-25 within 45 days (latest is dated 2026-03-10)',
    });
    expect(toUsd(money('1'), 'EUR', at('2026-04-24T00:00:00Z'), fx)).toBe(money('1.08'));
  });
});

describe('fromUsd and convert', () => {
  it('converts back from USD, and between currencies through USD', () => {
    const t = at('2026-03-14T10:00:00Z');
    expect(fromUsd(money('1080.00'), 'EUR', t, fx)).toBe(money('1000.00'));
    expect(convert(money('1000000'), 'JPY', 'EUR', t, fx)).toBe(6_157_407_407n); // 6650 / 1.08
  });

  it('keeps an amount already in the target currency exact', () => {
    expect(convert(money('9999.99'), 'EUR', 'EUR', at('2026-03-14T10:00:00Z'), fx)).toBe(money('9999.99'));
  });

  it('dates events in UTC', () => {
    expect(utcDate(at('2026-03-01T00:30:00+01:00'))).toBe('2026-02-28');
  });
});

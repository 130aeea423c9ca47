import { describe, expect, it } from 'vitest';
import { EU_MEMBER_STATES, thresholdsSchema } from '../../src/reference/reference.ts';
import { isAtOrOverThreshold, thresholdFor } from '../../src/reference/thresholds.ts';
import { money } from '../support/events.ts';

const table = thresholdsSchema.parse({
  asOf: '2026-03-01',
  source: 'test',
  countries: {
    EU: { amount: '10000.00', currency: 'EUR', boundary: 'AT_OR_ABOVE', note: 'Reg. 2018/1672' },
    US: { amount: '10000.00', currency: 'USD', boundary: 'ABOVE' },
    MT: { amount: '5000.00', currency: 'EUR', boundary: 'AT_OR_ABOVE' },
    TR: { amount: '10000.00', currency: 'EUR', boundary: 'ABOVE', directions: ['OUTBOUND'] },
  },
});

describe('thresholds', () => {
  it('expands the EU group to the 27 member states, a member state’s own entry winning', () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    for (const state of EU_MEMBER_STATES.filter((s) => s !== 'MT')) {
      expect(table.countries[state]).toMatchObject({ currency: 'EUR', boundary: 'AT_OR_ABOVE', group: 'EU' });
    }
    expect(table.countries.MT).toMatchObject({ amount: money('5000.00') });
    expect(table.countries.MT?.group).toBeUndefined();
    expect(table.countries.EU).toBeUndefined();
  });

  it('fills the default: USD 10,000, more than', () => {
    expect(table.default).toMatchObject({ amount: money('10000'), currency: 'USD', boundary: 'ABOVE' });
  });

  it('finds the threshold of a reporting country, its group, or the default', () => {
    expect(thresholdFor('DE', table)).toEqual({
      reportingCountry: 'DE',
      amount: money('10000.00'),
      currency: 'EUR',
      boundary: 'AT_OR_ABOVE',
      basis: 'GROUP',
      group: 'EU',
      note: 'Reg. 2018/1672',
    });
    expect(thresholdFor('US', table)).toEqual({
      reportingCountry: 'US',
      amount: money('10000.00'),
      currency: 'USD',
      boundary: 'ABOVE',
      basis: 'COUNTRY',
    });
    expect(thresholdFor('BR', table)).toMatchObject({ currency: 'USD', boundary: 'ABOVE', basis: 'DEFAULT' });
  });

  it('returns null where the country asks for no declaration in that direction', () => {
    expect(thresholdFor('TR', table, 'INBOUND')).toBeNull();
    expect(thresholdFor('TR', table, 'OUTBOUND')).toMatchObject({ currency: 'EUR', boundary: 'ABOVE' });
    expect(thresholdFor('TR', table)).toMatchObject({ currency: 'EUR' });
  });

  it('respects the boundary exactly: "or more" includes 10,000, "more than" does not', () => {
    const eu = thresholdFor('FR', table)!;
    const us = thresholdFor('US', table)!;
    expect(
      [money('9999.99'), money('10000.00'), money('10000.01')].map((a) => isAtOrOverThreshold(a, eu)),
    ).toEqual([false, true, true]);
    expect(
      [money('9999.99'), money('10000.00'), money('10000.01')].map((a) => isAtOrOverThreshold(a, us)),
    ).toEqual([false, false, true]);
  });

  it('rejects a bad boundary and a zero amount', () => {
    const bad = thresholdsSchema.safeParse({
      asOf: '2026-03-01',
      source: 'test',
      countries: { US: { amount: '0', currency: 'USD', boundary: 'OR_MORE' } },
    });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['countries.US.amount', 'expected an amount greater than zero'],
      ['countries.US.boundary', 'expected AT_OR_ABOVE ("or more") or ABOVE ("more than")'],
    ]);
  });
});

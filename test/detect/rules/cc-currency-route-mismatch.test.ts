import { describe, expect, it } from 'vitest';
import { currencyRouteMismatchRule as rule } from '../../../src/detect/rules/cc-currency-route-mismatch.ts';
import { testConfig } from '../../support/config.ts';
import { declarationEvent, money } from '../../support/events.ts';
import { runRule, trip } from './cash-courier-support.ts';

// SAR = 0.25 USD, GBP = 1.25 USD in March 2026.
const config = testConfig({
  reference: {
    fxRates: {
      asOf: '2026-03-01',
      source: 'test',
      maxAgeDays: 62,
      rates: { EUR: { '2026-03': '1.08' }, GBP: { '2026-03': '1.25' }, SAR: { '2026-03': '0.25' } },
    },
    countryCurrencies: {
      asOf: '2026-03-01',
      source: 'test',
      countries: { FR: ['EUR'], MX: ['MXN', 'USD'], CO: ['COP', 'USD'], GB: ['GBP'], SA: ['SAR'] },
    },
  },
});
const decl = (currency: string, amount: string, from = 'CO', to = 'MX', reporting = 'MX') =>
  declarationEvent({
    reportingCountry: reporting,
    direction: 'INBOUND',
    travel: trip({ originCountry: from, destinationCountry: to }),
    items: [{ kind: 'CURRENCY', currency, amount: money(amount) }],
  });

describe('CC-CURRENCY-ROUTE-MISMATCH', () => {
  it('fires on riyals on a Colombia → Mexico journey', () => {
    const [draft] = runRule(rule, [decl('SAR', '100000.00')], config);
    expect(draft).toMatchObject({
      amountUsd: money('25000.00'),
      evidence: {
        outOfPlace: { SAR: { amount: '100000.00', amountUsd: '25000.00' } },
        expectedCurrencies: ['COP', 'EUR', 'MXN', 'USD'],
      },
    });
  });

  it('near miss: a currency of a journey end or a widely held one, small amounts, unknown countries', () => {
    expect(runRule(rule, [decl('SAR', '100000.00', 'SA', 'MX')], config)).toEqual([]);
    expect(runRule(rule, [decl('EUR', '100000.00')], config)).toEqual([]);
    expect(runRule(rule, [decl('GBP', '3999.99')], config)).toEqual([]);
    expect(runRule(rule, [decl('SAR', '100000.00', 'ZZ', 'MX')], config)).toEqual([]);
    expect(runRule(rule, [decl('EUR', '100000.00')])).toEqual([]); // no table
  });

  it('boundary: exactly minAmountUsd fires', () => {
    expect(runRule(rule, [decl('GBP', '4000.00')], config)).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { highRiskLevel, referencePricesSchema, referenceSchema } from '../../src/reference/reference.ts';
import { referenceFixture } from '../support/config.ts';
import { money } from '../support/events.ts';

const reference = referenceSchema.parse(referenceFixture);
const prices = reference.referencePrices;

describe('reference prices', () => {
  it('parses unit prices to exact micro-USD', () => {
    expect(prices.prices[0]).toEqual({
      hsCode: '610910',
      unit: 'NMB',
      q1: money('1.60'),
      median: money('2.40'),
      q3: money('3.50'),
      sampleSize: 1840,
      asOf: '2026-02-28',
      source: 'test',
    });
  });

  it('rejects quartiles out of order, 7-digit codes and duplicates', () => {
    const entry = {
      hsCode: '610910',
      unit: 'NMB',
      q1: '1',
      median: '2',
      q3: '3',
      sampleSize: 10,
      asOf: '2026-01-01',
      source: 's',
    };
    const result = referencePricesSchema.safeParse({
      asOf: '2026-01-01',
      source: 's',
      prices: [entry, { ...entry, unit: 'KGM', q1: '2.5' }, { ...entry, hsCode: '6109100' }],
    });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['prices.1', 'expected q1 <= median <= q3'],
      ['prices.2.hsCode', 'expected an HS code of 6, 8 or 10 digits'],
    ]);
    const duplicate = referencePricesSchema.safeParse({
      asOf: '2026-01-01',
      source: 's',
      prices: [entry, { ...entry, hsCode: '6109.10' }],
    });
    expect(duplicate.error?.issues.map((i) => i.message)).toEqual(['duplicate entry for 610910/NMB']);
  });
});

describe('high-risk jurisdictions', () => {
  it('tells the list a country is on', () => {
    const lists = reference.highRiskJurisdictions;
    expect([highRiskLevel('IR', lists), highRiskLevel('VE', lists), highRiskLevel('FR', lists)]).toEqual([
      'CALL_FOR_ACTION',
      'INCREASED_MONITORING',
      null,
    ]);
  });
});

describe('every list carries asOf and source', () => {
  it('rejects a list without them', () => {
    const result = referenceSchema.safeParse({ ...referenceFixture, keywords: { categories: {} } });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['keywords.asOf', 'keywords.source']);
  });
});

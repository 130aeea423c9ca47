import { describe, expect, it } from 'vitest';
import { valueWeightRule as rule } from '../../../src/detect/rules/cm-value-weight.ts';
import { testConfig } from '../../support/config.ts';
import { manifestEvent, money } from '../../support/events.ts';
import { runRule } from './cash-courier-support.ts';

const config = testConfig({
  reference: {
    valuePerKg: {
      asOf: '2026-03-01',
      source: 'test',
      ranges: [
        { hsPrefix: '61', description: 'knitted apparel', lowUsd: '3.00', highUsd: '800.00' },
        { hsPrefix: '851713', description: 'smartphones', lowUsd: '100.00', highUsd: '20000.00' },
        { hsPrefix: '85', description: 'electrical', lowUsd: '2.00', highUsd: '10000.00' },
      ],
    },
  },
});
const parcel = (hsCode: string, usd: string, kg: string) =>
  manifestEvent({
    declaredValue: money(usd),
    grossWeightKg: money(kg),
    items: [{ description: 'goods', hsCode, quantity: undefined, value: money(usd) }],
  });

describe('CM-VALUE-WEIGHT', () => {
  it('fires below the range of the longest HS prefix (heavy phones declared cheap) and above it', () => {
    const [below] = runRule(rule, [parcel('851713', '60.00', '12.0')], config);
    expect(below).toMatchObject({
      hsCode: '851713',
      evidence: {
        direction: 'BELOW',
        valuePerKgUsd: '5.00',
        expectedPerKgUsd: { low: '100.00', high: '20000.00' },
        timesOutside: 20,
      },
    });
    const [above] = runRule(rule, [parcel('610910', '9000.00', '1.0')], config);
    expect(above?.evidence).toMatchObject({ direction: 'ABOVE', valuePerKgUsd: '9000.00' });
  });

  it('near miss: inside the range, no range for the HS code, too light, no HS code', () => {
    expect(runRule(rule, [parcel('610910', '120.00', '1.2')], config)).toEqual([]);
    expect(runRule(rule, [parcel('090111', '1.00', '30.0')], config)).toEqual([]);
    expect(runRule(rule, [parcel('851713', '1.00', '0.1')], config)).toEqual([]);
    expect(
      runRule(
        rule,
        [
          manifestEvent({
            items: [{ description: 'x', hsCode: undefined, quantity: undefined, value: undefined }],
            grossWeightKg: money('50'),
          }),
        ],
        config,
      ),
    ).toEqual([]);
    expect(runRule(rule, [parcel('851713', '60.00', '12.0')])).toEqual([]); // no table
  });

  it('boundary: exactly on a bound is inside', () => {
    expect(runRule(rule, [parcel('610910', '800.00', '1.0')], config)).toEqual([]);
    expect(runRule(rule, [parcel('610910', '800.01', '1.0')], config)).toHaveLength(1);
    expect(runRule(rule, [parcel('610910', '3.00', '1.0')], config)).toEqual([]);
    expect(runRule(rule, [parcel('610910', '2.99', '1.0')], config)).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { amountAnomalyRule as rule } from '../../../src/detect/rules/cc-amount-anomaly.ts';
import { testConfig } from '../../support/config.ts';
import { declarationEvent, money, T0 } from '../../support/events.ts';
import { DAY, runRule, trip } from './cash-courier-support.ts';

const decl = (id: string, day: number, usd: string, person = 'p-1', route: [string, string] = ['FR', 'MX']) =>
  declarationEvent({
    declarationId: id,
    declaredAt: T0 + day * DAY,
    traveller: { personKey: person },
    travel: trip({ originCountry: route[0], destinationCountry: route[1] }),
    items: [{ kind: 'CURRENCY', currency: 'USD', amount: money(usd) }],
  });
const history = [decl('H1', 0, '2000.00'), decl('H2', 1, '2200.00'), decl('H3', 2, '1800.00')];

describe('CC-AMOUNT-ANOMALY', () => {
  it("fires on an amount far above the person's own history", () => {
    const [draft, ...rest] = runRule(rule, [...history, decl('X', 3, '40000.00')]);
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({ eventIds: ['X'], amountUsd: money('40000.00') });
    expect(draft?.evidence.findings).toMatchObject([
      { basis: 'PERSON_HISTORY', historyCount: 3, medianUsd: '2000.00', timesMedian: 20 },
    ]);
  });

  it("uses the route's history across persons once it has enough", () => {
    const route = Array.from({ length: 8 }, (_, i) => decl(`R${i}`, i * 0.1, '3000.00', `p-${i + 10}`));
    const drafts = runRule(rule, [...route, decl('X', 2, '60000.00', 'p-new')]);
    expect(drafts.map((d) => d.evidence.findings)).toMatchObject([
      [{ basis: 'ROUTE_HISTORY', route: 'FR-MX' }],
    ]);
  });

  it('stays quiet with too little history, and on amounts within the range or below it', () => {
    expect(runRule(rule, [history[0]!, history[1]!, decl('X', 3, '40000.00')])).toEqual([]);
    expect(runRule(rule, [...history, decl('X', 3, '2600.00')])).toEqual([]);
    expect(runRule(rule, [...history, decl('X', 3, '10.00')])).toEqual([]);
  });

  it('boundary: the robust z is compared "at or above" zThreshold', () => {
    // history ln: equal amounts, MAD floored at 0.1 → z = 0.6745 × ln(r) / 0.1; z = 3.5 at r = e^0.5189 ≈ 1.6803.
    const flat = [decl('H1', 0, '2000.00'), decl('H2', 1, '2000.00'), decl('H3', 2, '2000.00')];
    const config = testConfig({ rules: { 'CC-AMOUNT-ANOMALY': { zThreshold: 3.5 } } });
    expect(runRule(rule, [...flat, decl('X', 3, '3362.00')], config)).toHaveLength(1); // z ≈ 3.502
    expect(runRule(rule, [...flat, decl('X', 3, '3350.00')], config)).toEqual([]); // z ≈ 3.48
  });
});

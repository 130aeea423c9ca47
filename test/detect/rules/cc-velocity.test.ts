import { describe, expect, it } from 'vitest';
import { velocityRule as rule } from '../../../src/detect/rules/cc-velocity.ts';
import { declarationEvent, money, T0 } from '../../support/events.ts';
import { DAY, runRule } from './cash-courier-support.ts';

const crossing = (id: string, day: number) =>
  declarationEvent({
    declarationId: id,
    declaredAt: T0 + day * DAY,
    items: [{ kind: 'CURRENCY', currency: 'USD', amount: money('2000.00') }],
  });

describe('CC-VELOCITY', () => {
  it('fires on the third crossing within 30 days, then revises the same alert', () => {
    const drafts = runRule(rule, [
      crossing('D1', 0),
      crossing('D2', 5),
      crossing('D3', 10),
      crossing('D4', 12),
    ]);
    expect(drafts.map((d) => [d.at, d.idBasis, d.revision])).toEqual([
      ['D3', 'p-4f1c2a|D1', 3],
      ['D4', 'p-4f1c2a|D1', 4],
    ]);
    expect(drafts[0]).toMatchObject({ amountUsd: money('6000.00'), evidence: { count: 3, spanDays: 10 } });
  });

  it('near miss: two crossings, or the third after the window', () => {
    expect(runRule(rule, [crossing('D1', 0), crossing('D2', 5)])).toEqual([]);
    expect(runRule(rule, [crossing('D1', 0), crossing('D2', 5), crossing('D3', 31)])).toEqual([]);
  });

  it('boundary: the third crossing exactly 30 days after the first still counts', () => {
    expect(runRule(rule, [crossing('D1', 0), crossing('D2', 5), crossing('D3', 30)])).toHaveLength(1);
  });
});

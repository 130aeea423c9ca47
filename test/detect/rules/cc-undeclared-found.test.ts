import { describe, expect, it } from 'vitest';
import { highRiskRouteRule } from '../../../src/detect/rules/cc-high-risk-route.ts';
import { undeclaredFoundRule as rule } from '../../../src/detect/rules/cc-undeclared-found.ts';
import { velocityRule } from '../../../src/detect/rules/cc-velocity.ts';
import { declarationEvent, money, T0 } from '../../support/events.ts';
import { DAY, runRule, trip } from './cash-courier-support.ts';

const seizure = declarationEvent({
  declarationId: 'F1',
  items: [{ kind: 'CURRENCY', currency: 'USD', amount: money('1000.00') }],
  control: { inspected: true, undeclaredAmount: money('30000.00'), undeclaredCurrency: 'USD', seized: true },
});
const later = (id: string, day: number, control?: object) =>
  declarationEvent({
    declarationId: id,
    declaredAt: T0 + day * DAY,
    travel: trip({ destinationCountry: 'VE' }),
    items: [{ kind: 'CURRENCY', currency: 'USD', amount: money('6000.00') }],
    ...(control ? { control: control as never } : {}),
  });

describe('CC-UNDECLARED-FOUND', () => {
  it('always fires on a finding, more when seized', () => {
    const [draft] = runRule(rule, [seizure]);
    expect(draft).toMatchObject({
      severity: 'CRITICAL',
      score: 91,
      amountUsd: money('31000.00'),
      evidence: { seized: true, undeclaredUsd: '30000.00', declaredUsd: '1000.00' },
    });
    const [found] = runRule(rule, [
      later('F2', 0, { undeclaredAmount: money('500.00'), undeclaredCurrency: 'USD' }),
    ]);
    expect(found?.score).toBe(75);
  });

  it('near miss: an inspection that found nothing', () => {
    expect(
      runRule(rule, [later('D1', 0, { inspected: true, undeclaredAmount: 0n, undeclaredCurrency: 'USD' })]),
    ).toEqual([]);
  });

  it("raises the person's later alerts of other CC rules, and a second finding carries the first", () => {
    const [plain] = runRule(highRiskRouteRule, [later('D2', 5)]);
    const [carried] = runRule(highRiskRouteRule, [seizure, later('D2', 5)]);
    expect(carried?.score).toBe((plain?.score ?? 0) + 15);
    expect(carried?.evidence).toMatchObject({
      priorUndeclaredFinding: {
        declarationId: 'F1',
        seized: true,
        undeclaredAmount: '30000.00',
        undeclaredCurrency: 'USD',
      },
      priorFindingScoreBonus: 15,
    });
    const velocity = runRule(velocityRule, [seizure, later('D2', 1), later('D3', 2)]);
    expect(velocity[0]?.evidence.priorUndeclaredFinding).toMatchObject({ declarationId: 'F1' });
    const second = runRule(rule, [seizure, later('F3', 3, { seized: true })]);
    expect(second[1]?.evidence.priorUndeclaredFinding).toMatchObject({ declarationId: 'F1' });
  });

  it('boundary: the carry-over lasts carryOverDays (30) of event time, not a day more', () => {
    expect(
      runRule(highRiskRouteRule, [seizure, later('D2', 30)])[0]?.evidence.priorUndeclaredFinding,
    ).toBeDefined();
    expect(
      runRule(highRiskRouteRule, [seizure, later('D2', 30.01)])[0]?.evidence.priorUndeclaredFinding,
    ).toBeUndefined();
  });
});

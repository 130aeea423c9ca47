import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config/load.ts';
import { ruleSettings, rulesSchema } from '../../../../src/detect/settings.ts';

describe('CC-* and CM-* rule blocks', () => {
  const defaults = rulesSchema.parse({});

  it('have their documented defaults, equal to the shipped config/rules.yaml', () => {
    expect(defaults['CC-STRUCTURING-PERSON']).toEqual({
      enabled: true,
      windowDays: 30,
      minDeclarations: 2,
      overrides: {},
    });
    expect(defaults['CC-LINKED-TRAVELLERS']).toEqual({
      enabled: true,
      windowHours: 48,
      minTravellers: 2,
      overrides: {},
    });
    expect(defaults['CC-VELOCITY']).toMatchObject({ windowDays: 30, minCrossings: 3, minAmountUsd: 0n });
    expect(defaults['CC-HIGH-RISK-ROUTE']).toMatchObject({ minAmountUsd: 5_000_000_000n });
    expect(defaults['CC-AMOUNT-ANOMALY']).toMatchObject({
      historyDays: 30,
      minPersonHistory: 3,
      minRouteHistory: 8,
      zThreshold: 3.5,
      madFloor: 0.1,
    });
    expect(defaults['CC-UNDECLARED-FOUND']).toMatchObject({ carryOverDays: 30, laterScoreBonus: 15 });
    expect(defaults['CC-BNI-GOLD']).toMatchObject({ minShare: 0.5, minAmountUsd: 5_000_000_000n });
    expect(defaults['CC-BNI-GOLD'].kinds).not.toContain('CURRENCY');
    expect(defaults['CC-CURRENCY-ROUTE-MISMATCH']).toMatchObject({ widelyHeldCurrencies: ['USD', 'EUR'] });
    expect(defaults['CM-DOCUMENTS-ANOMALY'].limits).toEqual({
      DOCUMENTS: { maxWeightKg: 2_000_000n, maxPieces: 3, maxValueUsd: 100_000_000n },
      GIFT: { maxWeightKg: 20_000_000n, maxPieces: 5, maxValueUsd: 1_000_000_000n },
    });
    expect(defaults['CM-FAN-IN']).toMatchObject({ windowDays: 7, minCounterparties: 5 });
    expect(defaults['CM-ARMS']).toMatchObject({ hsPrefixes: ['93'], keywordCategory: 'ARMS' });
    const shipped = loadConfig({ env: {} }).rules;
    for (const id of Object.keys(defaults).filter((k) => k.startsWith('CC-') || k.startsWith('CM-'))) {
      expect(shipped[id as keyof typeof shipped], id).toEqual(defaults[id as keyof typeof defaults]);
    }
  });

  it('take per-country overrides and reject bad values', () => {
    const rules = rulesSchema.parse({ 'CM-FAN-IN': { overrides: { MX: { minCounterparties: 3 } } } });
    expect(ruleSettings(rules, 'CM-FAN-IN', 'MX').minCounterparties).toBe(3);
    expect(ruleSettings(rules, 'CM-FAN-IN', 'US').minCounterparties).toBe(5);
    const bad = rulesSchema.safeParse({ 'CC-VELOCITY': { minCrossings: 1 }, 'CC-BNI-GOLD': { minShare: 1 } });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'CC-VELOCITY.minCrossings',
      'CC-BNI-GOLD.minShare',
    ]);
  });
});

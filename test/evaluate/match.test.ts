import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/evaluate/match.ts';
import type { PlantedCase } from '../../src/generate/ground-truth.ts';

const planted = (
  id: string,
  typology: PlantedCase['typology'],
  expectedRuleIds: string[],
  eventIds: string[],
): PlantedCase => ({
  id,
  family: id,
  typology,
  expectedRuleIds,
  difficulty: 'easy',
  description: id,
  eventIds,
});

describe('evaluateAlerts', () => {
  const cases = [
    planted('s', 'CASH_COURIER', ['CC-STRUCTURING-PERSON'], ['d1', 'd2']),
    planted('p', 'TBML', ['TB-UNIT-PRICE'], ['i1']),
    planted('a', 'ARMS', ['CM-ARMS'], ['m1']),
  ];
  const alerts = [
    { ruleId: 'CC-STRUCTURING-PERSON', typology: 'CASH_COURIER', eventIds: ['d1', 'd2'] }, // hit s
    { ruleId: 'CC-VELOCITY', typology: 'CASH_COURIER', eventIds: ['d2', 'd9'] }, // hit s (other rule)
    { ruleId: 'CC-VELOCITY', typology: 'CASH_COURIER', eventIds: ['d7'] }, // false
    { ruleId: 'CM-DOCUMENTS-ANOMALY', typology: 'CASH_COURIER', eventIds: ['m1'] }, // wrong typology: false
    { ruleId: 'TB-VALUE-PER-KG', typology: 'TBML', eventIds: ['i1'] }, // hit p, not its expected rule
  ];
  const e = evaluateAlerts(cases, alerts, 100);

  it('counts an alert as a hit only when it shares an event and the typology', () => {
    expect(e.overall).toMatchObject({
      alerts: 5,
      truePositives: 3,
      precision: 3 / 5,
      cases: 3,
      found: 2,
      recall: 2 / 3,
    });
    expect(e.missed.map((c) => c.id)).toEqual(['a']);
    expect(e.falseAlerts).toBe(2);
    expect(e.cleanEvents).toBe(96);
    expect(e.falseAlertsPer10k).toBeCloseTo((2 * 10_000) / 96, 10);
  });

  it('scores per rule (recall against the expected rules) and per typology', () => {
    expect(e.byRule['CC-STRUCTURING-PERSON']).toMatchObject({
      alerts: 1,
      truePositives: 1,
      precision: 1,
      cases: 1,
      found: 1,
      recall: 1,
    });
    expect(e.byRule['CC-VELOCITY']).toMatchObject({
      alerts: 2,
      truePositives: 1,
      precision: 0.5,
      cases: 0,
      recall: null,
    });
    expect(e.byRule['TB-UNIT-PRICE']).toMatchObject({
      alerts: 0,
      precision: null,
      cases: 1,
      found: 0,
      recall: 0,
    });
    expect(e.byRule['TB-VALUE-PER-KG']).toMatchObject({ alerts: 1, precision: 1 });
    expect(e.byRule['CM-ARMS']).toMatchObject({ cases: 1, found: 0, recall: 0 });
    expect(e.byTypology.CASH_COURIER).toMatchObject({
      alerts: 4,
      truePositives: 2,
      precision: 0.5,
      cases: 1,
      found: 1,
      recall: 1,
    });
    expect(e.byTypology.TBML).toMatchObject({ alerts: 1, precision: 1, cases: 1, recall: 1 });
    expect(e.byTypology.ARMS).toMatchObject({ alerts: 0, cases: 1, found: 0, recall: 0 });
  });
});

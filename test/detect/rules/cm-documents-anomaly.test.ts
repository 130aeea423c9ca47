import { describe, expect, it } from 'vitest';
import { documentsAnomalyRule as rule } from '../../../src/detect/rules/cm-documents-anomaly.ts';
import { referenceFixture, testConfig } from '../../support/config.ts';
import { manifestEvent, money } from '../../support/events.ts';
import { runRule } from './cash-courier-support.ts';

const documents = (kg: string, extra: Record<string, unknown> = {}) =>
  manifestEvent({
    contentType: 'DOCUMENTS',
    declaredValue: 0n,
    grossWeightKg: money(kg),
    items: [
      { description: 'Business correspondence', hsCode: undefined, quantity: undefined, value: undefined },
    ],
    ...extra,
  });

describe('CM-DOCUMENTS-ANOMALY', () => {
  it('fires on a DOCUMENTS parcel far heavier than documents (the Toluca case)', () => {
    const [draft] = runRule(rule, [documents('7.8')]);
    expect(draft).toMatchObject({
      severity: 'HIGH',
      score: 74,
      entityType: 'CONSIGNEE',
      evidence: {
        judgedAs: 'DOCUMENTS',
        basis: 'CONTENT_TYPE',
        excesses: [{ measure: 'grossWeightKg', observed: '7.800', limit: '2.000', ratio: 3.9 }],
      },
    });
  });

  it('judges items described only as documents as DOCUMENTS whatever the content type', () => {
    const config = testConfig({
      reference: {
        keywords: {
          ...referenceFixture.keywords,
          categories: {
            ...referenceFixture.keywords.categories,
            DOCUMENTS: { en: ['business correspondence'] },
          },
        },
      },
    });
    const [draft] = runRule(rule, [documents('5.0', { contentType: 'OTHER' })], config);
    expect(draft?.evidence).toMatchObject({
      judgedAs: 'DOCUMENTS',
      basis: 'DESCRIPTION',
      contentType: 'OTHER',
    });
  });

  it('near miss: light documents, an ordinary gift, merchandise', () => {
    expect(runRule(rule, [documents('0.4')])).toEqual([]);
    expect(
      runRule(rule, [
        manifestEvent({ contentType: 'GIFT', grossWeightKg: money('3.0'), declaredValue: money('80.00') }),
      ]),
    ).toEqual([]);
    expect(runRule(rule, [manifestEvent({ grossWeightKg: money('30.0') })])).toEqual([]);
  });

  it('boundary: exactly at a limit fits; one cent, gram or piece more does not', () => {
    expect(runRule(rule, [documents('2.000', { pieces: 3, declaredValue: money('100.00') })])).toEqual([]);
    expect(runRule(rule, [documents('2.001')])).toHaveLength(1);
    expect(runRule(rule, [documents('1.0', { pieces: 4 })])).toHaveLength(1);
    expect(runRule(rule, [documents('1.0', { declaredValue: money('100.01') })])).toHaveLength(1);
  });
});

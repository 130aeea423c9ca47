import { describe, expect, it } from 'vitest';
import { type OutcomeInput, outcomeSchema, subjectEventKind } from '../../../src/core/contract/outcome.ts';
import { avroType, loadAvroSchema } from '../../../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../../../src/stages/decode/avro-value.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests reshape the example outcome freely
type Json = Record<string, any>;

const finding: Json = {
  outcomeId: 'KR-CTL-97061800',
  decidedAt: '2020-01-15T00:00:00Z',
  reportingCountry: 'KR',
  subjectKind: 'INVOICE',
  subjectId: '97061800',
  source: 'CONTROL',
  result: 'FINDING',
  findings: ['DUTY_EVASION', 'PUBLIC_SAFETY'],
  revenueRecovered: '125000.50',
  currency: 'KRW',
  officeId: '30',
};

const review: Json = {
  outcomeId: 'AE-REV-0001',
  decidedAt: Date.UTC(2025, 2, 20, 9, 0),
  reportingCountry: 'AE',
  subjectKind: 'DECLARATION',
  subjectId: 'AE-DEC-1',
  alertId: '3f0c6a1e9b7d4c2a8e5f1d0b6a9c3e7f',
  source: 'REVIEW',
  result: 'NO_FINDING',
  disposition: 'FALSE_POSITIVE',
  analyst: 'a.rahman',
  note: 'Documents explain the amount.',
};

/** The paths of the issues an invalid outcome raises. */
function issuePaths(value: Json): string[] {
  const result = outcomeSchema.safeParse(value);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => i.path.join('.'));
}

describe('outcome schema', () => {
  it('accepts a control finding with exact amounts and event time in epoch ms', () => {
    const outcome: OutcomeInput = outcomeSchema.parse(finding);
    expect(outcome.decidedAt).toBe(Date.UTC(2020, 0, 15));
    expect(outcome.findings).toEqual(['DUTY_EVASION', 'PUBLIC_SAFETY']);
    expect(outcome.revenueRecovered).toBe(125_000_500_000n);
    expect(outcome.valueSeized).toBeUndefined();
    expect(outcome.alertId).toBeUndefined();
    expect(subjectEventKind[outcome.subjectKind]).toBe('invoice');
  });

  it('accepts an analyst review of an alert, findings absent meaning none', () => {
    const outcome = outcomeSchema.parse(review);
    expect(outcome.findings).toEqual([]);
    expect(outcome.disposition).toBe('FALSE_POSITIVE');
    expect(subjectEventKind[outcome.subjectKind]).toBe('declaration');
    expect(
      outcomeSchema.parse({ ...review, alertId: null, disposition: null, note: null }).note,
    ).toBeUndefined();
  });

  it('rejects missing and malformed fields, naming each', () => {
    for (const field of [
      'outcomeId',
      'decidedAt',
      'reportingCountry',
      'subjectKind',
      'subjectId',
      'source',
      'result',
    ]) {
      const { [field]: _dropped, ...rest } = finding;
      expect(issuePaths(rest), field).toEqual([field]);
    }
    expect(issuePaths({ ...finding, subjectKind: 'PASSENGER' })).toEqual(['subjectKind']);
    expect(issuePaths({ ...finding, reportingCountry: 'KOR' })).toEqual(['reportingCountry']);
    expect(issuePaths({ ...finding, decidedAt: '2020-01-15' })).toEqual(['decidedAt']);
    expect(issuePaths({ ...finding, findings: ['SMUGGLING'] })).toEqual(['findings.0']);
    expect(issuePaths({ ...finding, revenueRecovered: '-1' })).toEqual(['revenueRecovered']);
    expect(issuePaths({ ...finding, valueSeized: '1.1234567' })).toEqual(['valueSeized']);
    expect(issuePaths({ ...finding, currency: 'won' })).toEqual(['currency']);
    expect(issuePaths({ ...review, note: 'x'.repeat(2001) })).toEqual(['note']);
    expect(issuePaths({ ...review, analyst: '' })).toEqual(['analyst']);
  });

  it('ties findings to the result', () => {
    expect(issuePaths({ ...finding, findings: [] })).toEqual(['findings']);
    expect(issuePaths({ ...review, findings: ['OTHER'] })).toEqual(['findings']);
    expect(issuePaths({ ...finding, findings: ['ORIGIN', 'ORIGIN'] })).toEqual(['findings.1']);
  });

  it('requires a currency with either amount', () => {
    const { currency: _c, ...noCurrency } = finding;
    expect(issuePaths(noCurrency)).toEqual(['currency']);
    expect(issuePaths({ ...noCurrency, revenueRecovered: undefined, valueSeized: '10' })).toEqual([
      'currency',
    ]);
    const { revenueRecovered: _r, ...noAmount } = noCurrency;
    expect(outcomeSchema.safeParse(noAmount).success).toBe(true);
  });

  it('takes a disposition only on a review of an alert', () => {
    expect(issuePaths({ ...review, source: 'CONTROL' })).toEqual(['disposition']);
    expect(issuePaths({ ...review, alertId: undefined })).toEqual(['disposition']);
    expect(outcomeSchema.safeParse({ ...review, disposition: undefined, alertId: undefined }).success).toBe(
      true,
    );
  });
});

describe('schemas/outcome.avsc', () => {
  const schema = loadAvroSchema(new URL('../../../schemas/outcome.avsc', import.meta.url));
  const type = avroType(schema);

  it.each([
    ['a control finding', finding],
    ['a review', review],
  ])('carries %s through Avro to the same validated outcome as its JSON form', (_name, json) => {
    const decoded: unknown = type.fromBuffer(type.toBuffer(toAvroValue(schema, json)));
    expect(outcomeSchema.parse(decoded)).toEqual(outcomeSchema.parse(json));
  });

  it('reads a finding kind it does not know as OTHER', () => {
    const newer = structuredClone(schema);
    const findings = newer.fields.find((f) => f.name === 'findings')!;
    (findings.type as { items: { symbols: string[] } }).items.symbols.push('CRYPTO');
    const writer = avroType(newer);
    const value = toAvroValue(newer, { ...finding, findings: ['CRYPTO'] });
    const decoded = type.fromBuffer(writer.toBuffer(value), type.createResolver(writer)) as {
      findings: string[];
    };
    expect(decoded.findings).toEqual(['OTHER']);
  });
});

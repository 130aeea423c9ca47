import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cashCourierRules } from '../../../src/detect/rules/cash-courier-rules.ts';
import { allRules } from '../../../src/detect/rules/index.ts';
import { rulesSchema } from '../../../src/detect/settings.ts';

describe('allRules', () => {
  it('lists each rule once, each with a settings block and a section in docs/rules.md', () => {
    const ids = allRules.map((r) => r.id);
    expect(ids.filter((id) => !id.startsWith('TB-'))).toEqual(cashCourierRules.map((r) => r.id));
    expect(ids.filter((id) => id.startsWith('TB-'))).toEqual([
      'TB-UNIT-PRICE',
      'TB-VALUE-PER-KG',
      'TB-MULTIPLE-INVOICING',
      'TB-INVOICE-ARITHMETIC',
      'TB-THIRD-PARTY-PAYMENT',
      'TB-HIGH-RISK-ROUTING',
      'TB-LINE-OF-BUSINESS',
      'TB-VOLUME-SPIKE',
      'TB-ROUND-AMOUNT',
      'TB-MIRROR-MISMATCH',
      'TB-CASH-PAYMENT',
      'TB-PRECURSOR',
    ]);
    expect(Object.keys(rulesSchema.shape).sort()).toEqual([...ids].sort());
    const docs = readFileSync('docs/rules.md', 'utf8');
    for (const id of ids) expect(docs).toContain(`## ${id}`);
  });

  it('gives every rule a version, a typology and the event kinds it reads', () => {
    const described = allRules.map((r) => [r.id, r.version, r.typology, r.kinds]);
    expect(described.filter(([id]) => !String(id).startsWith('TB-'))).toEqual([
      ...['CC-THRESHOLD-PROXIMITY', 'CC-STRUCTURING-PERSON', 'CC-LINKED-TRAVELLERS', 'CC-VELOCITY']
        .concat(['CC-HIGH-RISK-ROUTE', 'CC-AMOUNT-ANOMALY', 'CC-UNDECLARED-FOUND', 'CC-BNI-GOLD'])
        .concat(['CC-CURRENCY-ROUTE-MISMATCH'])
        .map((id) => [id, 1, 'CASH_COURIER', ['declaration']]),
      ...['CM-CASH-KEYWORDS', 'CM-DOCUMENTS-ANOMALY', 'CM-VALUE-WEIGHT', 'CM-FAN-IN', 'CM-FAN-OUT'].map(
        (id) => [id, 1, 'CASH_COURIER', ['manifest']],
      ),
      ['CM-ARMS', 1, 'ARMS', ['manifest']],
      ['CM-PRECURSOR', 1, 'PRECURSOR', ['manifest']],
    ]);
    expect(described.filter(([id]) => String(id).startsWith('TB-'))).toEqual([
      ['TB-UNIT-PRICE', 2, 'TBML', ['invoice']],
      ...['TB-VALUE-PER-KG', 'TB-MULTIPLE-INVOICING', 'TB-INVOICE-ARITHMETIC', 'TB-THIRD-PARTY-PAYMENT']
        .concat(['TB-HIGH-RISK-ROUTING', 'TB-LINE-OF-BUSINESS', 'TB-VOLUME-SPIKE', 'TB-ROUND-AMOUNT'])
        .concat(['TB-MIRROR-MISMATCH', 'TB-CASH-PAYMENT'])
        .map((id) => [id, 1, 'TBML', ['invoice']]),
      ['TB-PRECURSOR', 1, 'PRECURSOR', ['invoice']],
    ]);
  });
});

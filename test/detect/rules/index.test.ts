import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../../../src/config/rules.ts';
import { allRules } from '../../../src/detect/rules/index.ts';

describe('allRules', () => {
  it('lists each rule once, each with a settings block and a section in docs/rules.md', () => {
    const ids = allRules.map((r) => r.id);
    expect(ids).toEqual(['CC-THRESHOLD-PROXIMITY', 'CM-CASH-KEYWORDS', 'TB-UNIT-PRICE']);
    expect(Object.keys(rulesSchema.shape).sort()).toEqual([...ids].sort());
    const docs = readFileSync('docs/rules.md', 'utf8');
    for (const id of ids) expect(docs).toContain(`## ${id}`);
  });

  it('gives every rule a version, a typology and the event kinds it reads', () => {
    expect(allRules.map((r) => [r.id, r.version, r.typology, r.kinds])).toEqual([
      ['CC-THRESHOLD-PROXIMITY', 1, 'CASH_COURIER', ['declaration']],
      ['CM-CASH-KEYWORDS', 1, 'CASH_COURIER', ['manifest']],
      ['TB-UNIT-PRICE', 1, 'TBML', ['invoice']],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { armsRule as rule } from '../../../src/detect/rules/cm-arms.ts';
import { manifestEvent, money } from '../../support/events.ts';
import { runRule } from './cash-courier-support.ts';

const shipped = loadConfig({ env: {} }); // the shipped keyword lists (ARMS in six languages)
const item = (description: string, hsCode?: string, contentType: 'MERCHANDISE' | 'GIFT' = 'MERCHANDISE') =>
  manifestEvent({
    contentType,
    declaredValue: money('85.00'),
    items: [{ description, hsCode, quantity: undefined, value: money('85.00') }],
  });

describe('CM-ARMS', () => {
  it('fires worst on an arms part declared as something else (auto parts HS 8708)', () => {
    const [draft] = runRule(rule, [item('Auto parts: pistol slide and barrel, 9mm', '870899')], shipped);
    expect(draft).toMatchObject({
      severity: 'HIGH',
      score: 85,
      evidence: { misdeclared: true, items: [{ armsHsCode: false, misdeclared: 'KEYWORD_UNDER_OTHER_HS' }] },
    });
    const items = (draft?.evidence.items ?? []) as { terms: { term: string }[] }[];
    expect(items[0]?.terms.map((t) => t.term)).toEqual(['pistol slide']);
  });

  it('fires on HS chapter 93 whatever the description, and on keywords in other languages', () => {
    expect(runRule(rule, [item('Metal parts', '930591')], shipped)[0]?.evidence).toMatchObject({
      items: [{ armsHsCode: true, misdeclared: 'ARMS_HS_UNDER_OTHER_DESCRIPTION' }],
    });
    expect(runRule(rule, [item('Munición calibre 9', '930630')], shipped)[0]?.score).toBe(70);
    expect(runRule(rule, [item('Geschenk: Pistole', undefined, 'GIFT')], shipped)[0]?.score).toBe(85);
  });

  it('near miss: pistons, spray guns, barrels of wine, AV receivers', () => {
    for (const description of [
      'Piston rings',
      'Paint spray gun',
      'Oak wine barrel',
      'AV receiver 7.1',
      'Water pistol toy',
    ]) {
      expect(runRule(rule, [item(description, '840991')], shipped)).toEqual([]);
    }
  });

  it('boundary: HS 9305 is arms, HS 9503 (toys) is not', () => {
    expect(runRule(rule, [item('Parts', '930510')], shipped)).toHaveLength(1);
    expect(runRule(rule, [item('Parts', '950300')], shipped)).toEqual([]);
  });
});

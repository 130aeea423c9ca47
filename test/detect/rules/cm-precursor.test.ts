import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { precursorRule as rule } from '../../../src/detect/rules/cm-precursor.ts';
import { manifestEvent, money } from '../../support/events.ts';
import { runRule } from './cash-courier-support.ts';

const shipped = loadConfig({ env: {} }); // precursors.yaml and the PRECURSOR keywords
const item = (
  description: string,
  hsCode?: string,
  contentType: 'SAMPLE' | 'GIFT' | 'MERCHANDISE' = 'MERCHANDISE',
) =>
  manifestEvent({
    contentType,
    declaredValue: money('40.00'),
    items: [{ description, hsCode, quantity: undefined, value: money('40.00') }],
  });

describe('CM-PRECURSOR', () => {
  it('fires on IED components declared as electrical parts', () => {
    const [draft] = runRule(
      rule,
      [item('Electrical components (electric detonators)', '853690', 'SAMPLE')],
      shipped,
    );
    expect(draft).toMatchObject({
      severity: 'CRITICAL',
      score: 90,
      evidence: {
        iedComponent: true,
        misdeclared: true,
        items: [{ misdeclared: 'NAME_UNDER_OTHER_HS', listed: null }],
      },
    });
  });

  it('fires on a listed HS code and on names in other languages', () => {
    expect(runRule(rule, [item('Potassium chlorate 2 kg', '282919')], shipped)[0]).toMatchObject({
      score: 55,
      evidence: {
        iedComponent: false,
        items: [{ listed: { name: 'Potassium chlorate', hsCode: '282919' } }],
      },
    });
    expect(runRule(rule, [item('Nitrato de amonio', undefined, 'GIFT')], shipped)[0]?.score).toBe(70);
    expect(runRule(rule, [item('Fuses', '360360')], shipped)[0]?.evidence).toMatchObject({
      iedComponent: true,
    });
  });

  it('near miss: urea cream, nail polish remover, other chemicals', () => {
    for (const [description, hs] of [
      ['Urea cream 10%', '330499'],
      ['Nail polish remover', '330430'],
      ['Sodium chloride', '250100'],
    ]) {
      expect(runRule(rule, [item(description!, hs)], shipped)).toEqual([]);
    }
  });

  it('boundary: the listed subheading matches by prefix (3102.30 and its national subdivisions), not its neighbours', () => {
    expect(runRule(rule, [item('Fertiliser', '3102300010')], shipped)).toHaveLength(1);
    expect(runRule(rule, [item('Fertiliser', '310260')], shipped)).toEqual([]);
  });
});

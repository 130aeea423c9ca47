import { describe, expect, it } from 'vitest';
import { ruleSettings, rulesSchema } from '../../src/detect/settings.ts';

describe('rules configuration', () => {
  it('fills every block with its defaults', () => {
    const { 'TB-UNIT-PRICE': unitPrice, ...blocks } = rulesSchema.parse({});
    expect(unitPrice).toEqual({
      enabled: true,
      k: 1.5,
      lowerFenceFloorRatio: 0.1,
      minSampleSize: 20,
      referenceSources: ['config', 'learned-table', 'stream'],
      minLearnedSampleSize: 30,
      learningWindowDays: 30,
      sketchRelativeAccuracy: 0.01,
      minValueMovedUsd: 1_000_000_000n,
      overrides: {},
    });
    // The other TB-* blocks' defaults: test/detect/rules/tb-*.test.ts; the other CC-* and CM-*
    // blocks': test/config/cash-courier-parameters.test.ts.
    const otherBlocks = Object.fromEntries(
      Object.entries(blocks).filter(([id]) => id === 'CC-THRESHOLD-PROXIMITY' || id === 'CM-CASH-KEYWORDS'),
    );
    expect(otherBlocks).toEqual({
      'CC-THRESHOLD-PROXIMITY': { enabled: true, lowerRatio: 0.8, overrides: {} },
      'CM-CASH-KEYWORDS': {
        enabled: true,
        categories: ['CASH', 'BNI', 'PREPAID_CARD', 'GOLD'],
        concealingContentTypes: ['DOCUMENTS', 'GIFT'],
        highValueUsd: 10_000_000_000n,
        overrides: {},
      },
    });
  });

  it('applies a reporting country’s overrides over the block, and nothing else', () => {
    const rules = rulesSchema.parse({
      'TB-UNIT-PRICE': {
        k: 2,
        overrides: { US: { k: 3, minValueMovedUsd: '5000' }, MX: { enabled: false } },
      },
    });
    expect(ruleSettings(rules, 'TB-UNIT-PRICE', 'US')).toEqual({
      enabled: true,
      k: 3,
      lowerFenceFloorRatio: 0.1,
      minSampleSize: 20,
      referenceSources: ['config', 'learned-table', 'stream'],
      minLearnedSampleSize: 30,
      learningWindowDays: 30,
      sketchRelativeAccuracy: 0.01,
      minValueMovedUsd: 5_000_000_000n,
    });
    expect(ruleSettings(rules, 'TB-UNIT-PRICE', 'MX')).toMatchObject({ enabled: false, k: 2 });
    expect(ruleSettings(rules, 'TB-UNIT-PRICE', 'FR')).toMatchObject({ enabled: true, k: 2 });
  });

  it('rejects unknown rule ids, unknown keys, a version and bad values', () => {
    const result = rulesSchema.safeParse({
      'CC-THRESHOLD-PROXIMITY': { version: 2, lowerRatio: 0 },
      'TB-UNIT-PRICE': { k: -1, overrides: { usa: {} } },
      'CC-UNKNOWN': {},
    });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['CC-THRESHOLD-PROXIMITY.lowerRatio', 'expected a decimal between 0 and 1'],
      ['CC-THRESHOLD-PROXIMITY', 'Unrecognized key: "version"'],
      ['TB-UNIT-PRICE.k', 'expected a number greater than 0'],
      ['TB-UNIT-PRICE.overrides.usa', 'Invalid key in record'], // the loader shows the key's own message
      ['', 'Unrecognized key: "CC-UNKNOWN"'],
    ]);
  });
});

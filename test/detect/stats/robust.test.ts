import { describe, expect, it } from 'vitest';
import {
  median,
  medianAbsoluteDeviation,
  robustSummary,
  robustSummaryOfSorted,
  robustZ,
} from '../../../src/detect/stats/robust.ts';

describe('robust statistics', () => {
  it('median and MAD, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(() => median([])).toThrow(RangeError);
  });

  it('robust z uses the floored MAD and is infinite only with a zero MAD', () => {
    const summary = robustSummary([1, 1, 1], 0.5);
    expect(summary).toEqual({ count: 3, median: 1, mad: 0, madUsed: 0.5 });
    expect(robustZ(2, summary)).toBeCloseTo(1.349, 3);
    expect(robustZ(2, robustSummary([1, 1, 1]))).toBe(Infinity);
    expect(robustZ(1, robustSummary([1, 1, 1]))).toBe(0);
  });

  it('gives the same summary from values kept sorted, ties and even counts included', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 60) }, () =>
        next() < 0.3 ? Math.round(next() * 5) : Math.log(1 + next() * 1e6),
      );
      const sorted = [...values].sort((a, b) => a - b);
      expect(robustSummaryOfSorted(sorted, 0.1)).toEqual(robustSummary(values, 0.1));
    }
    expect(() => robustSummaryOfSorted([])).toThrow(RangeError);
  });
});

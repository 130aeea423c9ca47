import { describe, expect, it } from 'vitest';
import { median, medianAbsoluteDeviation, robustSummary, robustZ } from '../../../src/detect/stats/robust.ts';

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
});

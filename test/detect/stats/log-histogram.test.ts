import { describe, expect, it } from 'vitest';
import {
  addValue,
  countOf,
  type LogBins,
  mergeBins,
  quantilesOf,
} from '../../../src/detect/stats/log-histogram.ts';
import {
  denseQuantiles,
  observe,
  windowBins,
  windowHistogram,
} from '../../../src/detect/stats/windowed-log-histogram.ts';
import { memoryState } from '../../support/config.ts';

const spec = { relativeAccuracy: 0.01 };

describe('log-bucket histogram', () => {
  it('returns quantiles within the relative accuracy, whatever the order of the values', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1 + i * 0.1); // 1.0 .. 100.9
    const forward: LogBins = {};
    const backward: LogBins = {};
    for (const v of values) addValue(forward, v, spec);
    for (const v of [...values].reverse()) addValue(backward, v, spec);
    expect(forward).toEqual(backward);
    const [q1, median, q3] = quantilesOf(forward, [0.25, 0.5, 0.75], spec)!;
    expect(Math.abs(q1! / 25.9 - 1)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(median! / 50.9 - 1)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(q3! / 75.9 - 1)).toBeLessThanOrEqual(0.01);
  });

  it('merges exactly, ignores non-positive values, and is empty without data', () => {
    const a = addValue(addValue({}, 2, spec), 3, spec);
    const b = addValue(addValue({}, 0, spec), -1, spec);
    expect(countOf(mergeBins(addValue({}, 2, spec), addValue({}, 3, spec)))).toBe(2);
    expect(countOf(mergeBins({ ...a }, b))).toBe(2);
    expect(quantilesOf({}, [0.5], spec)).toBeNull();
  });

  it('windows by UTC day: days that left the window no longer count', () => {
    const state = memoryState();
    const DAY = 86_400_000;
    const window = { ...spec, windowDays: 3 };
    observe(state, 'k', 10, 0, window);
    observe(state, 'k', 20, DAY, window);
    observe(state, 'k', 30, 2 * DAY + 5, window);
    expect(countOf(windowBins(state, 'k', 2 * DAY, window))).toBe(3);
    expect(countOf(windowBins(state, 'k', 3 * DAY, window))).toBe(2);
    observe(state, 'k', 40, 5 * DAY, window);
    expect(countOf(windowBins(state, 'k', 5 * DAY, window))).toBe(1);
  });

  it('answers the window as quantilesOf would, with late observations and days leaving it', () => {
    const state = memoryState();
    const DAY = 86_400_000;
    const window = { ...spec, windowDays: 5 };
    const all: { day: number; value: number }[] = [];
    for (let i = 0; i < 400; i++) {
      // Mostly in time order, every seventh one a day late; values from 0.2 to about 300.
      const day = Math.floor(i / 40) - (i % 7 === 0 ? 1 : 0);
      const value = 0.2 * 1.02 ** ((i * 37) % 360);
      observe(state, 'k', value, day * DAY + 1000, window);
      all.push({ day, value });
      const today = Math.floor(i / 40);
      const expected: number[] = [];
      for (const o of all) if (o.day > today - window.windowDays) expected.push(o.value);
      const bins: LogBins = {};
      for (const v of expected) addValue(bins, v, spec);
      const held = windowHistogram(state, 'k', today * DAY, window);
      expect(held?.count).toBe(expected.length);
      expect(windowBins(state, 'k', today * DAY, window)).toEqual(bins);
      const qs = [0, 0.25, 0.5, 0.75, 1];
      expect(denseQuantiles(held!.bins, held!.count, qs, spec)).toEqual(quantilesOf(bins, qs, spec));
    }
  });
});

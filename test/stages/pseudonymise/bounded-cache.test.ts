import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/stages/pseudonymise/bounded-cache.ts';

describe('BoundedCache', () => {
  it('returns the computed value and computes each key once while it stays cached', () => {
    const cache = new BoundedCache<string>(10);
    const computed: string[] = [];
    const compute = (key: string) => {
      computed.push(key);
      return key.toUpperCase();
    };
    expect(cache.get('a', compute)).toBe('A');
    expect(cache.get('b', compute)).toBe('B');
    expect(cache.get('a', compute)).toBe('A');
    expect(computed).toEqual(['a', 'b']);
  });

  it('never holds more than twice its capacity', () => {
    const cache = new BoundedCache<number>(100);
    for (let i = 0; i < 10_000; i++) {
      cache.get(`key-${i}`, () => i);
      expect(cache.size).toBeLessThanOrEqual(200);
    }
  });

  it('keeps keys in use across generations and drops cold ones', () => {
    const cache = new BoundedCache<number>(4);
    let computations = 0;
    const compute = () => ++computations;
    cache.get('hot', compute);
    for (let i = 0; i < 100; i++) {
      cache.get(`cold-${i}`, compute);
      cache.get('hot', compute); // read at least once per generation
    }
    expect(computations).toBe(101); // 'hot' computed once, every cold key once
    const before = computations;
    cache.get('cold-0', compute); // long evicted
    expect(computations).toBe(before + 1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
    expect(() => new BoundedCache(1.5)).toThrow(RangeError);
  });
});

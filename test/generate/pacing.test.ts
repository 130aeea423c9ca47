import { describe, expect, it } from 'vitest';
import { nextPaceStep, type PaceClock, paceSchedule, runPaced } from '../../src/generate/pacing.ts';

/** A clock that moves only when slept on (or when a send takes time): deterministic runs. */
function fakeClock(): PaceClock & { at: number; sleeps: number[] } {
  const clock = {
    at: 0,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

describe('paceSchedule', () => {
  it('makes event i due i / rate seconds after the start', () => {
    const s = paceSchedule(10, 200);
    expect([0, 1, 2, 9].map((i) => s.dueAt(i))).toEqual([0, 5, 10, 45]);
    expect(s.dueBy(0)).toBe(1);
    expect(s.dueBy(4.999)).toBe(1);
    expect(s.dueBy(5)).toBe(2);
    expect(s.dueBy(44)).toBe(9);
    expect(s.dueBy(10_000)).toBe(10);
    expect(s.dueBy(-1)).toBe(0);
  });

  it('counts exactly the events whose due time has passed, despite rounding', () => {
    const s = paceSchedule(1_000, 3); // 333.33... ms apart: divisions that do not come out even
    for (let i = 0; i < 1_000; i++) {
      expect(s.dueBy(s.dueAt(i))).toBe(i + 1);
      expect(s.dueBy(s.dueAt(i) - 1e-6)).toBe(i);
    }
  });

  it('without a rate makes everything due at once', () => {
    const s = paceSchedule(7, null);
    expect(s.dueBy(0)).toBe(7);
    expect(s.dueAt(6)).toBe(0);
  });

  it('refuses a rate that is not positive and finite', () => {
    expect(() => paceSchedule(5, 0)).toThrow(RangeError);
    expect(() => paceSchedule(5, -1)).toThrow(RangeError);
    expect(() => paceSchedule(5, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => paceSchedule(-1, 5)).toThrow(RangeError);
  });
});

describe('nextPaceStep', () => {
  const s = paceSchedule(100, 100); // one event every 10 ms

  it('sends what is due, waits until the next event otherwise, and stops at the end', () => {
    expect(nextPaceStep(s, 0, 0, 50)).toEqual({ send: 1 });
    expect(nextPaceStep(s, 1, 0.5, 50)).toEqual({ waitMs: 10 });
    expect(nextPaceStep(s, 1, 9.2, 50)).toEqual({ waitMs: 1 });
    expect(nextPaceStep(s, 3, 55, 50)).toEqual({ send: 3 });
    expect(nextPaceStep(s, 100, 5_000, 50)).toEqual({ done: true });
  });

  it('catches up in batches of at most maxBatch when behind', () => {
    expect(nextPaceStep(s, 0, 2_000, 50)).toEqual({ send: 50 });
    expect(nextPaceStep(s, 50, 2_000, 50)).toEqual({ send: 50 });
  });
});

describe('runPaced', () => {
  it('sends every event once, in order, never before it is due, sleeping in between', async () => {
    const clock = fakeClock();
    const s = paceSchedule(20, 50); // 20 ms apart: the last is due at 380 ms
    const sends: Array<{ from: number; to: number; at: number }> = [];
    const run = await runPaced(
      s,
      async (from, to) => {
        sends.push({ from, to, at: clock.at });
      },
      { maxBatch: 10, clock },
    );
    expect(sends.map((x) => [x.from, x.to])).toEqual(Array.from({ length: 20 }, (_, i) => [i, i + 1]));
    for (const x of sends) expect(x.at).toBeGreaterThanOrEqual(s.dueAt(x.from));
    expect(run.elapsedMs).toBe(380);
    expect(run.sends).toBe(20);
    expect(clock.sleeps.every((ms) => ms >= 1)).toBe(true);
  });

  it('does not drift when sends are slow: overdue events go out together', async () => {
    const clock = fakeClock();
    const s = paceSchedule(10, 100); // 10 ms apart
    const sizes: number[] = [];
    const run = await runPaced(
      s,
      async (from, to) => {
        sizes.push(to - from);
        clock.at += 25; // each send takes 25 ms, longer than the gap
      },
      { maxBatch: 100, clock },
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(sizes.length).toBeLessThan(10);
    // Schedule-based, so the run ends soon after the last due time (90 ms), not at 10 × 25 ms.
    expect(run.elapsedMs).toBeLessThan(150);
  });

  it('without a rate sends in maxBatch slices and never sleeps', async () => {
    const clock = fakeClock();
    const ranges: number[][] = [];
    await runPaced(
      paceSchedule(25, null),
      async (from, to) => {
        ranges.push([from, to]);
      },
      { maxBatch: 10, clock },
    );
    expect(ranges).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
    expect(clock.sleeps).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from '../../../src/detect/event-time/reorder-buffer.ts';
import { bareEvent } from '../../support/domain-events.ts';

const ids = (items: { event: { id: string } }[]) => items.map((item) => item.event.id);

describe('ReorderBuffer', () => {
  it('holds events until the watermark passes them, then releases them in event-time order', () => {
    const buffer = new ReorderBuffer<null>(100);
    buffer.push(bareEvent('declaration', 'c', 300), null);
    buffer.push(bareEvent('declaration', 'a', 100), null);
    expect(buffer.watermark).toBe(200);
    expect(ids(buffer.release().released)).toEqual(['a']);
    buffer.push(bareEvent('declaration', 'b', 250), null);
    buffer.push(bareEvent('declaration', 'd', 500), null);
    expect(ids(buffer.release().released)).toEqual(['b', 'c']);
    expect(buffer.size).toBe(1);
    expect(ids(buffer.flush().released)).toEqual(['d']);
  });

  it('gives the same order for any arrival order within the lateness', () => {
    const events = [100, 140, 120, 180, 160, 200, 190].map((t, i) => bareEvent('invoice', `e${i}`, t));
    const order = (arrival: typeof events) => {
      const buffer = new ReorderBuffer<null>(100);
      const out: string[] = [];
      for (const event of arrival) {
        buffer.push(event, null);
        out.push(...ids(buffer.release().released));
      }
      return [...out, ...ids(buffer.flush().released)];
    };
    const expected = order([...events].sort((a, b) => a.eventTime - b.eventTime));
    expect(order(events)).toEqual(expected);
    expect(order([...events].reverse())).toEqual(expected);
    expect(expected).toEqual(['e0', 'e2', 'e1', 'e4', 'e3', 'e6', 'e5']);
  });

  it('breaks event-time ties by kind then id', () => {
    const buffer = new ReorderBuffer<null>(0);
    buffer.push(bareEvent('manifest', 'z', 10), null);
    buffer.push(bareEvent('declaration', 'y', 10), null);
    buffer.push(bareEvent('declaration', 'x', 10), null);
    expect(ids(buffer.flush().released)).toEqual(['x', 'y', 'z']);
  });

  it('releases an event behind the watermark at once and counts it late', () => {
    const buffer = new ReorderBuffer<null>(10);
    buffer.push(bareEvent('declaration', 'new', 1000), null);
    buffer.push(bareEvent('declaration', 'old', 5), null);
    const { released, late } = buffer.release();
    expect(ids(released)).toEqual(['old']);
    expect(late).toBe(1);
  });

  it('exposes what it still holds', () => {
    const buffer = new ReorderBuffer<{ partition: number }>(1000);
    buffer.push(bareEvent('invoice', 'p0', 1), { partition: 0 });
    buffer.push(bareEvent('invoice', 'p1', 2), { partition: 1 });
    expect([...buffer.pending()].map((item) => item.meta.partition).sort()).toEqual([0, 1]);
  });
});

describe('ReorderBuffer with sources (partitions)', () => {
  const bySource = (clock: () => number, idleMs = 1_000) =>
    new ReorderBuffer<{ source: string }>(10, { sourceOf: (m) => m.source, idleMs, clock });

  it('holds the watermark at the slowest expected source, so a partition read later is not late', () => {
    const buffer = bySource(() => 0);
    buffer.expectSources(['p0', 'p1']);
    buffer.push(bareEvent('declaration', 'a-late-day', 10_000), { source: 'p0' });
    expect(buffer.release().released).toEqual([]);
    buffer.push(bareEvent('declaration', 'b-early', 100), { source: 'p1' });
    buffer.push(bareEvent('declaration', 'c', 300), { source: 'p1' });
    const { released, late } = buffer.release();
    expect(late).toBe(0);
    expect(ids(released)).toEqual(['b-early']);
    expect(ids(buffer.flush().released)).toEqual(['c', 'a-late-day']);
  });

  it('stops waiting for a source that stays silent for idleMs while another delivers', () => {
    let now = 0;
    const buffer = bySource(() => now);
    buffer.expectSources(['p0', 'p1']);
    buffer.push(bareEvent('invoice', 'x', 500), { source: 'p0' });
    expect(buffer.release().released).toEqual([]);
    now = 600;
    buffer.push(bareEvent('invoice', 'y', 600), { source: 'p0' });
    expect(buffer.release().released).toEqual([]);
    now = 1_200;
    buffer.push(bareEvent('invoice', 'z', 700), { source: 'p0' });
    expect(ids(buffer.release().released)).toEqual(['x', 'y']);
  });

  it('gives every source a fresh idleMs when the whole input was quiet', () => {
    let now = 0;
    const buffer = bySource(() => now);
    buffer.expectSources(['p0', 'p1']);
    buffer.push(bareEvent('invoice', 'x', 500), { source: 'p0' });
    // Nothing from anyone for 5 s (e.g. the reader was re-positioned), then p0 first.
    now = 5_000;
    buffer.push(bareEvent('invoice', 'y', 600), { source: 'p0' });
    expect(buffer.release().released).toEqual([]);
    buffer.push(bareEvent('invoice', 'p1-early', 100), { source: 'p1' });
    buffer.push(bareEvent('invoice', 'p1-next', 650), { source: 'p1' });
    const { released, late } = buffer.release();
    expect(late).toBe(0);
    expect(ids(released)).toEqual(['p1-early', 'x']);
  });

  it('never takes a source with records left to read as idle', () => {
    let now = 0;
    const buffer = bySource(() => now);
    buffer.expectSources(['p0', 'p1']);
    buffer.setCaughtUp('p1', false);
    expect(buffer.caughtUp).toBe(false);
    for (const t of [500, 600, 700, 800]) {
      now += 600;
      buffer.push(bareEvent('invoice', `p0-${t}`, t), { source: 'p0' });
      expect(buffer.release().released).toEqual([]);
    }
    buffer.push(bareEvent('invoice', 'p1-early', 100), { source: 'p1' });
    buffer.push(bareEvent('invoice', 'p1-next', 900), { source: 'p1' });
    buffer.setCaughtUp('p1', true);
    expect(buffer.caughtUp).toBe(true);
    const { released, late } = buffer.release();
    expect(late).toBe(0);
    expect(ids(released)).toEqual(['p1-early', 'p0-500', 'p0-600', 'p0-700']);
  });

  it('lets items without a source (restored events) hold nothing back', () => {
    const buffer = new ReorderBuffer<{ source: string | null }>(10, {
      sourceOf: (m) => m.source,
      clock: () => 0,
    });
    buffer.expectSources(['p0']);
    buffer.push(bareEvent('declaration', 'restored-late', 900), { source: null });
    buffer.push(bareEvent('declaration', 'restored-early', 50), { source: null });
    expect(buffer.release().released).toEqual([]);
    buffer.push(bareEvent('declaration', 'live', 500), { source: 'p0' });
    expect(ids(buffer.release().released)).toEqual(['restored-early']);
    expect(ids(buffer.flush().released)).toEqual(['live', 'restored-late']);
  });
});

describe('ReorderBuffer after a pause', () => {
  it('does not count the paused time as the sources being idle', () => {
    let now = 0;
    const buffer = new ReorderBuffer<{ source: string }>(10, {
      sourceOf: (m) => m.source,
      idleMs: 1_000,
      clock: () => now,
    });
    buffer.expectSources(['p0', 'p1']);
    buffer.push(bareEvent('invoice', 'p1-early', 100), { source: 'p1' });
    now = 5_000;
    buffer.touchSources();
    buffer.push(bareEvent('invoice', 'p0-late-day', 900), { source: 'p0' });
    expect(ids(buffer.release().released)).toEqual([]);
    expect(buffer.watermark).toBe(90);
  });
});

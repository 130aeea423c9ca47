import { describe, expect, it } from 'vitest';
import { KeyedStateStore } from '../../../src/detect/state/keyed-state-store.ts';

describe('KeyedStateStore', () => {
  it('keeps namespaces apart', () => {
    const store = new KeyedStateStore();
    store.namespace('a').set('k', 1, 100);
    store.namespace('b').set('k', 2, 100);
    expect(store.namespace('a').get('k')).toBe(1);
    expect(store.namespace('b').get('k')).toBe(2);
  });

  it('expires entries once the event-time watermark passes them', () => {
    const store = new KeyedStateStore(50);
    const state = store.namespace('rule');
    state.set('short', 'x', 100);
    state.set('long', 'y', 1000);
    store.advance(99);
    expect(state.get('short')).toBe('x');
    expect(store.advance(200)).toBe(1);
    expect(state.get('short')).toBeUndefined();
    expect(state.get('long')).toBe('y');
    expect(store.sizes()).toEqual({ rule: 1 });
  });

  it('never moves the watermark backwards', () => {
    const store = new KeyedStateStore(1);
    const state = store.namespace('rule');
    state.set('k', true, 100);
    store.advance(500);
    store.advance(10);
    state.set('k2', true, 200);
    expect(state.get('k2')).toBeUndefined();
  });

  it('keeps an entry that was set again with a later expiry, and drops it at the new one', () => {
    const store = new KeyedStateStore(10);
    const state = store.namespace('rule');
    state.set('k', 1, 15);
    state.set('k', 2, 95);
    expect(store.advance(50)).toBe(0);
    expect(state.get('k')).toBe(2);
    expect(store.advance(200)).toBe(1);
    expect(store.sizes()).toEqual({ rule: 0 });
  });

  it('keeps an entry extended on every update until its last expiry', () => {
    const store = new KeyedStateStore(10);
    const state = store.namespace('rule');
    for (let t = 0; t <= 500; t += 7) {
      store.advance(t);
      expect(state.get('k') ?? 'none').toBe(t === 0 ? 'none' : t - 7);
      state.set('k', t, t + 30);
    }
    // The last set (t = 497) expires at 527.
    expect(store.advance(520)).toBe(0);
    expect(state.get('k')).toBe(497);
    expect(store.advance(530)).toBe(1);
    expect(state.get('k')).toBeUndefined();
    expect(store.sizes()).toEqual({ rule: 0 });
  });

  it('drops an entry set again with an earlier expiry at the earlier one', () => {
    const store = new KeyedStateStore(10);
    const state = store.namespace('rule');
    state.set('k', 1, 500);
    state.set('k', 2, 25);
    expect(store.advance(40)).toBe(1);
    expect(store.sizes()).toEqual({ rule: 0 });
    state.set('k', 3, 100);
    expect(state.get('k')).toBe(3);
  });
});

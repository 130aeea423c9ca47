import { describe, expect, it } from 'vitest';
import { KeyedStateStore } from '../../../src/detect/state/keyed-state-store.ts';
import { addToEpisode } from '../../../src/detect/window/episode.ts';

describe('addToEpisode', () => {
  it('grows one episode while events follow within the window, then starts a new one', () => {
    const store = new KeyedStateStore();
    const state = store.namespace('t');
    const add = (id: string, t: number) => {
      store.advance(t);
      return addToEpisode(state, 'k', { id, eventTime: t }, null, 10);
    };
    expect(add('a', 0)).toMatchObject({ startId: 'a', count: 1 });
    expect(add('b', 10)).toMatchObject({ startId: 'a', count: 2 }); // exactly the window: still in
    expect(add('b', 10)).toMatchObject({ startId: 'a', count: 2 }); // redelivery: unchanged
    const third = add('c', 19);
    expect(third).toMatchObject({ startId: 'a', count: 3 });
    expect(third.entries.map((e) => e.id)).toEqual(['b', 'c']);
    expect(add('d', 30)).toMatchObject({ startId: 'd', count: 1 }); // 11 after the last: new episode
  });
});

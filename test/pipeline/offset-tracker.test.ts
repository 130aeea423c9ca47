import { describe, expect, it } from 'vitest';
import { OffsetTracker } from '../../src/pipeline/offset-tracker.ts';

describe('OffsetTracker', () => {
  it('commits past everything read when nothing is held', () => {
    const tracker = new OffsetTracker();
    tracker.read({ topic: 't', partition: 0, offset: '5' });
    tracker.read({ topic: 't', partition: 0, offset: '6' });
    tracker.read({ topic: 't', partition: 1, offset: '0' });
    expect(tracker.committable([])).toEqual([
      { topic: 't', partition: 0, offset: '7' },
      { topic: 't', partition: 1, offset: '1' },
    ]);
  });

  it('stops at the oldest record still held in the buffer', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['10', '11', '12']) tracker.read({ topic: 't', partition: 0, offset });
    expect(
      tracker.committable([
        { topic: 't', partition: 0, offset: '11' },
        { topic: 't', partition: 0, offset: '12' },
      ]),
    ).toEqual([{ topic: 't', partition: 0, offset: '11' }]);
  });

  it('forgets partitions', () => {
    const tracker = new OffsetTracker();
    tracker.read({ topic: 't', partition: 0, offset: '1' });
    tracker.read({ topic: 't', partition: 1, offset: '1' });
    tracker.forget((_topic, partition) => partition === 1);
    expect(tracker.committable([]).map((o) => o.partition)).toEqual([1]);
  });
});

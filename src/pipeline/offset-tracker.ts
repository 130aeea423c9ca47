// Which offset each partition may commit: everything below the oldest record still held in the
// reorder buffer has been processed and written; with nothing held, everything read so far.
import type { RecordOrigin } from '../core/events.ts';

export type PartitionKey = string;

export const partitionKey = (topic: string, partition: number): PartitionKey => `${topic}\u0000${partition}`;

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read, i.e. what Kafka expects in a commit. */
  offset: string;
}

export class OffsetTracker {
  readonly #nextToRead = new Map<PartitionKey, { topic: string; partition: number; next: bigint }>();

  /** A record was read (whatever became of it). */
  read(origin: RecordOrigin): void {
    const key = partitionKey(origin.topic, origin.partition);
    const next = BigInt(origin.offset) + 1n;
    const entry = this.#nextToRead.get(key);
    if (!entry) this.#nextToRead.set(key, { topic: origin.topic, partition: origin.partition, next });
    else if (next > entry.next) entry.next = next;
  }

  /** Offsets safe to commit, given the origins of records still held (not yet written). */
  committable(held: Iterable<RecordOrigin>): TopicPartitionOffset[] {
    const lowestHeld = new Map<PartitionKey, bigint>();
    for (const origin of held) {
      const key = partitionKey(origin.topic, origin.partition);
      const offset = BigInt(origin.offset);
      const current = lowestHeld.get(key);
      if (current === undefined || offset < current) lowestHeld.set(key, offset);
    }
    return [...this.#nextToRead].map(([key, { topic, partition, next }]) => ({
      topic,
      partition,
      offset: String(lowestHeld.get(key) ?? next),
    }));
  }

  /** Forget partitions (lost in a rebalance) or everything. */
  forget(keep?: (topic: string, partition: number) => boolean): void {
    for (const [key, entry] of this.#nextToRead) {
      if (!keep?.(entry.topic, entry.partition)) this.#nextToRead.delete(key);
    }
  }
}

// In-memory keyed state, one namespace per rule, bounded by event-time expiry: an entry whose
// `expiresAt` is behind the watermark is gone. Entries are indexed by expiry bucket, so moving the
// watermark drops exactly the expired ones instead of scanning the whole store.
import { MinHeap } from '../event-time/min-heap.ts';
import type { KeyedState } from '../rule.ts';

interface Entry {
  value: unknown;
  expiresAt: number;
  bucket: number;
}

type Namespace = Map<string, Entry>;

export class KeyedStateStore {
  readonly #namespaces = new Map<string, Namespace>();
  readonly #bucketMs: number;
  /** Expiry bucket → the (namespace, key) pairs that were set to expire in it. */
  readonly #buckets = new Map<number, [Namespace, string][]>();
  readonly #bucketOrder = new MinHeap<number>((a, b) => a - b);
  #watermark = Number.NEGATIVE_INFINITY;

  constructor(bucketMs = 3_600_000) {
    this.#bucketMs = bucketMs;
  }

  namespace(name: string): KeyedState {
    let entries = this.#namespaces.get(name);
    if (!entries) {
      entries = new Map();
      this.#namespaces.set(name, entries);
    }
    const map = entries;
    return {
      get: <T>(key: string): T | undefined => {
        const entry = map.get(key);
        if (!entry) return undefined;
        if (entry.expiresAt < this.#watermark) {
          map.delete(key);
          return undefined;
        }
        return entry.value as T;
      },
      set: <T>(key: string, value: T, expiresAt: number): void => {
        const bucket = Math.floor(expiresAt / this.#bucketMs);
        const previous = map.get(key);
        map.set(key, { value, expiresAt, bucket });
        if (previous?.bucket !== bucket) this.#index(bucket, map, key);
      },
      delete: (key: string): void => {
        map.delete(key);
      },
    };
  }

  /** Moves the expiry clock (event time) forward; returns the number of entries dropped. */
  advance(watermark: number): number {
    if (watermark <= this.#watermark) return 0;
    this.#watermark = watermark;
    let dropped = 0;
    // A bucket is done once its whole span is behind the watermark.
    for (
      let next = this.#bucketOrder.peek();
      next !== undefined && (next + 1) * this.#bucketMs <= watermark;
      next = this.#bucketOrder.peek()
    ) {
      this.#bucketOrder.pop();
      for (const [map, key] of this.#buckets.get(next) ?? []) {
        const entry = map.get(key);
        // Re-set since with a later expiry: it lives on (and is indexed in its new bucket).
        if (entry && entry.expiresAt < watermark) {
          map.delete(key);
          dropped++;
        }
      }
      this.#buckets.delete(next);
    }
    return dropped;
  }

  /** Entries per namespace (for the state-size metric). */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.#namespaces].map(([name, entries]) => [name, entries.size]));
  }

  clear(): void {
    this.#namespaces.clear();
    this.#buckets.clear();
    this.#bucketOrder.removeWhere(() => true);
    this.#watermark = Number.NEGATIVE_INFINITY;
  }

  #index(bucket: number, map: Namespace, key: string): void {
    let list = this.#buckets.get(bucket);
    if (!list) {
      list = [];
      this.#buckets.set(bucket, list);
      this.#bucketOrder.push(bucket);
    }
    list.push([map, key]);
  }
}

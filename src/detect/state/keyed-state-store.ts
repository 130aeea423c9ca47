// In-memory keyed state, one namespace per rule, bounded by event-time expiry: an entry whose
// `expiresAt` is behind the watermark is gone. Entries are listed by expiry bucket, so moving the
// watermark drops exactly the expired ones instead of scanning the whole store. An entry set again
// with a later expiry stays listed where it was (rules extend most entries on every update): when
// that bucket comes due, it is listed again under its current bucket instead of being dropped.
import { MinHeap } from '../event-time/min-heap.ts';
import type { KeyedState } from '../rule.ts';

type Namespace = Map<string, Entry>;

interface Entry {
  value: unknown;
  expiresAt: number;
  /** The bucket of expiresAt. */
  bucket: number;
  /** The bucket whose list holds the entry: never after `bucket`. */
  listed: number;
  key: string;
  /** The namespace holding the entry; null once it was removed (a later set makes a new entry). */
  namespace: Namespace | null;
}

export class KeyedStateStore {
  readonly #namespaces = new Map<string, Namespace>();
  /** One view per namespace, made once: the engine asks for it per rule and event. */
  readonly #views = new Map<string, KeyedState>();
  readonly #bucketMs: number;
  /** Bucket → the entries listed under it (an entry listed again earlier leaves a stale listing). */
  readonly #buckets = new Map<number, Entry[]>();
  readonly #bucketOrder = new MinHeap<number>((a, b) => a - b);
  #watermark = Number.NEGATIVE_INFINITY;
  /** The expiry bucket of the watermark. */
  #watermarkBucket = Number.NEGATIVE_INFINITY;

  constructor(bucketMs = 3_600_000) {
    this.#bucketMs = bucketMs;
  }

  namespace(name: string): KeyedState {
    let view = this.#views.get(name);
    if (!view) {
      view = this.#view(this.#entries(name));
      this.#views.set(name, view);
    }
    return view;
  }

  #entries(name: string): Namespace {
    let entries = this.#namespaces.get(name);
    if (!entries) {
      entries = new Map();
      this.#namespaces.set(name, entries);
    }
    return entries;
  }

  #view(map: Namespace): KeyedState {
    // Rules mostly set the key they just read: the entry found last saves the second look-up.
    let last: Entry | undefined;
    return {
      get: <T>(key: string): T | undefined => {
        const entry = map.get(key);
        if (!entry) return undefined;
        // An entry expiring in a later bucket than the watermark's is live: one integer comparison
        // (expiresAt is a boxed double, one more memory access).
        if (entry.bucket <= this.#watermarkBucket && entry.expiresAt < this.#watermark) {
          remove(entry);
          return undefined;
        }
        last = entry;
        return entry.value as T;
      },
      set: <T>(key: string, value: T, expiresAt: number): void => {
        const bucket = Math.floor(expiresAt / this.#bucketMs);
        const entry = last?.key === key && last.namespace !== null ? last : map.get(key);
        // Updated in place (no new entry per set); listed again only when it now expires earlier.
        if (entry) {
          entry.value = value;
          entry.expiresAt = expiresAt;
          entry.bucket = bucket;
          last = entry;
          if (bucket < entry.listed) this.#list(entry, bucket);
          return;
        }
        last = { value, expiresAt, bucket, listed: bucket, key, namespace: map };
        map.set(key, last);
        this.#list(last, bucket);
      },
      delete: (key: string): void => {
        const entry = map.get(key);
        if (entry) remove(entry);
      },
    };
  }

  /** Moves the expiry clock (event time) forward; returns the number of entries dropped. */
  advance(watermark: number): number {
    if (watermark <= this.#watermark) return 0;
    this.#watermark = watermark;
    this.#watermarkBucket = Math.floor(watermark / this.#bucketMs);
    let dropped = 0;
    // A bucket is done once its whole span is behind the watermark.
    for (
      let next = this.#bucketOrder.peek();
      next !== undefined && (next + 1) * this.#bucketMs <= watermark;
      next = this.#bucketOrder.peek()
    ) {
      this.#bucketOrder.pop();
      for (const entry of this.#buckets.get(next) ?? []) {
        // Removed already, or listed again under an earlier bucket since: a stale listing.
        if (entry.namespace === null || entry.listed !== next) continue;
        if (entry.expiresAt < watermark) {
          remove(entry);
          dropped++;
        } else {
          // Set since with a later expiry (a later bucket, as this one is behind the watermark).
          this.#list(entry, entry.bucket);
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
    this.#views.clear();
    this.#buckets.clear();
    this.#bucketOrder.removeWhere(() => true);
    this.#watermark = Number.NEGATIVE_INFINITY;
    this.#watermarkBucket = Number.NEGATIVE_INFINITY;
  }

  #list(entry: Entry, bucket: number): void {
    entry.listed = bucket;
    let list = this.#buckets.get(bucket);
    if (!list) {
      list = [];
      this.#buckets.set(bucket, list);
      this.#bucketOrder.push(bucket);
    }
    list.push(entry);
  }
}

function remove(entry: Entry): void {
  entry.namespace?.delete(entry.key);
  entry.namespace = null;
}

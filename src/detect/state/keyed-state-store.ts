// In-memory keyed state, one namespace per rule, bounded by event-time expiry: an entry whose
// `expiresAt` is behind the watermark is gone. Expired entries are dropped lazily on read and by a
// sweep whenever the watermark has moved on by `sweepEveryMs`.
import type { KeyedState } from '../rule.ts';

interface Entry {
  value: unknown;
  expiresAt: number;
}

export class KeyedStateStore {
  readonly #namespaces = new Map<string, Map<string, Entry>>();
  readonly #sweepEveryMs: number;
  #watermark = Number.NEGATIVE_INFINITY;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(sweepEveryMs = 3_600_000) {
    this.#sweepEveryMs = sweepEveryMs;
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
        map.set(key, { value, expiresAt });
      },
      delete: (key: string): void => {
        map.delete(key);
      },
    };
  }

  /** Moves the expiry clock (event time) forward; returns the number of entries swept, if a sweep ran. */
  advance(watermark: number): number {
    if (watermark <= this.#watermark) return 0;
    this.#watermark = watermark;
    if (watermark - this.#lastSweep < this.#sweepEveryMs) return 0;
    this.#lastSweep = watermark;
    let swept = 0;
    for (const entries of this.#namespaces.values()) {
      for (const [key, entry] of entries) {
        if (entry.expiresAt < watermark) {
          entries.delete(key);
          swept++;
        }
      }
    }
    return swept;
  }

  /** Entries per namespace (for the state-size metric). */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.#namespaces].map(([name, entries]) => [name, entries.size]));
  }

  clear(): void {
    this.#namespaces.clear();
    this.#watermark = Number.NEGATIVE_INFINITY;
    this.#lastSweep = Number.NEGATIVE_INFINITY;
  }
}

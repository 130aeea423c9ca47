// A memo of a pure function of a string, holding at most 2 × capacity entries. Eviction is by
// generation rather than strict LRU: entries go into the current generation; when it is full it
// becomes the previous one and the older generation is dropped whole. A key read from the previous
// generation is copied into the current one, so keys in use survive and cold ones fall out. Every
// operation is O(1) with no per-hit reordering, which a Map-based strict LRU would need.

export class BoundedCache<V> {
  readonly #capacity: number;
  #current = new Map<string, V>();
  #previous = new Map<string, V>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  /** The cached value of `key`, else `compute(key)`, remembered. */
  get(key: string, compute: (key: string) => V): V {
    const hit = this.#current.get(key);
    if (hit !== undefined) return hit;
    const old = this.#previous.get(key);
    const value = old !== undefined ? old : compute(key);
    if (this.#current.size >= this.#capacity) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, value);
    return value;
  }

  /** Entries held now (at most 2 × capacity). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }
}

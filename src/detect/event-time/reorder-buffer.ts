// Event-time ordering with bounded lateness. Events are held until the watermark (the largest event
// time seen minus the allowed lateness) passes them, then released in (event time, kind, id) order.
// So any arrival order within the lateness bound yields the same processing order, hence the same
// alerts and ids. An event older than the watermark on arrival is "late": released at once.
import { compareEvents, type DomainEvent } from '../../domain/events.ts';
import { MinHeap } from './min-heap.ts';

export interface Buffered<T> {
  event: DomainEvent;
  meta: T;
}

export interface ReleaseResult<T> {
  released: Buffered<T>[];
  /** How many of the released were late on arrival (older than the watermark). */
  late: number;
}

export class ReorderBuffer<T> {
  readonly #heap = new MinHeap<Buffered<T>>((a, b) => compareEvents(a.event, b.event));
  readonly #lateness: number;
  #maxEventTime = Number.NEGATIVE_INFINITY;
  #late: Buffered<T>[] = [];

  constructor(allowedLatenessMs: number) {
    this.#lateness = allowedLatenessMs;
  }

  get watermark(): number {
    return this.#maxEventTime - this.#lateness;
  }

  get size(): number {
    return this.#heap.size + this.#late.length;
  }

  push(event: DomainEvent, meta: T): void {
    const item = { event, meta };
    if (event.eventTime < this.watermark) this.#late.push(item);
    else this.#heap.push(item);
    if (event.eventTime > this.#maxEventTime) this.#maxEventTime = event.eventTime;
  }

  /** Events at or below the watermark, in order; late ones first (they are behind the watermark already). */
  release(): ReleaseResult<T> {
    return this.#drain(this.watermark);
  }

  /** Everything, in order: at the end of a finite input (replay) or before a clean shutdown. */
  flush(): ReleaseResult<T> {
    return this.#drain(Number.POSITIVE_INFINITY);
  }

  /** Drops buffered items (e.g. of partitions lost in a rebalance); returns how many. */
  discard(predicate: (item: Buffered<T>) => boolean): number {
    const lateBefore = this.#late.length;
    this.#late = this.#late.filter((item) => !predicate(item));
    return lateBefore - this.#late.length + this.#heap.removeWhere(predicate);
  }

  /** Forget everything, including the watermark (used before state is rebuilt). */
  reset(): void {
    this.#heap.removeWhere(() => true);
    this.#late = [];
    this.#maxEventTime = Number.NEGATIVE_INFINITY;
  }

  /** Items still held, for offset bookkeeping. */
  pending(): Iterable<Buffered<T>> {
    return [...this.#late, ...this.#heap.values()];
  }

  #drain(limit: number): ReleaseResult<T> {
    const late = this.#late.sort((a, b) => compareEvents(a.event, b.event));
    this.#late = [];
    const released = [...late];
    for (let next = this.#heap.peek(); next && next.event.eventTime <= limit; next = this.#heap.peek()) {
      released.push(this.#heap.pop()!);
    }
    return { released, late: late.length };
  }
}

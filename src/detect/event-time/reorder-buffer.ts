// Event-time ordering with bounded lateness. Events are held until the watermark passes them, then
// released in (event time, kind, id) order, so any arrival order within the lateness bound yields
// the same processing order, hence the same alerts and ids. An event older than the watermark on
// arrival is "late": released at once.
//
// With sources (Kafka partitions), the watermark is the smallest of the sources' latest event
// times, minus the lateness: one partition read ahead of another does not make the other's events
// late. A source stops holding the watermark back once it has nothing left to read (caught up, as
// far as its reader knows) and has been silent for `idleMs` (wall clock) while others delivered.
import { compareEvents, type DomainEvent } from '../../core/events.ts';
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

export interface ReorderBufferOptions<T> {
  /**
   * The source of an item (e.g. its Kafka partition); without it there is one source. Null: the
   * item belongs to no source and holds nothing back (e.g. a stored event restored into state).
   */
  sourceOf?: (meta: T) => string | null;
  /** Wall-clock silence after which a source no longer holds the watermark back. */
  idleMs?: number;
  clock?: () => number;
}

interface Source {
  maxEventTime: number;
  lastSeen: number;
  /** False while the source is known to have records not read yet: it is never idle then. */
  caughtUp: boolean;
}

export class ReorderBuffer<T> {
  readonly #heap = new MinHeap<Buffered<T>>((a, b) => compareEvents(a.event, b.event));
  readonly #lateness: number;
  readonly #sourceOf: ((meta: T) => string | null) | undefined;
  readonly #idleMs: number;
  readonly #clock: () => number;
  readonly #sources = new Map<string, Source>();
  #maxEventTime = Number.NEGATIVE_INFINITY;
  /** Never moves back: what has been released stays released. */
  #watermark = Number.NEGATIVE_INFINITY;
  #late: Buffered<T>[] = [];
  /** Wall time of the last push, to tell a quiet input from one silent source. */
  #lastPush = Number.NEGATIVE_INFINITY;

  constructor(allowedLatenessMs: number, options: ReorderBufferOptions<T> = {}) {
    this.#lateness = allowedLatenessMs;
    this.#sourceOf = options.sourceOf;
    this.#idleMs = options.idleMs ?? Number.POSITIVE_INFINITY;
    this.#clock = options.clock ?? Date.now;
  }

  get watermark(): number {
    return this.#advance();
  }

  get size(): number {
    return this.#heap.size + this.#late.length;
  }

  /** Declares the sources expected to deliver (e.g. the assigned partitions), before any arrives. */
  expectSources(sources: readonly string[]): void {
    const now = this.#clock();
    for (const source of sources) {
      if (!this.#sources.has(source))
        this.#sources.set(source, { maxEventTime: Number.NEGATIVE_INFINITY, lastSeen: now, caughtUp: true });
    }
  }

  /** What the reader knows of a source: whether it has records left to read (it then holds the watermark). */
  setCaughtUp(source: string, caughtUp: boolean): void {
    const known = this.#sources.get(source);
    if (known) known.caughtUp = caughtUp;
    else
      this.#sources.set(source, {
        maxEventTime: Number.NEGATIVE_INFINITY,
        lastSeen: this.#clock(),
        caughtUp,
      });
  }

  /** True when no source is known to have records left to read. */
  get caughtUp(): boolean {
    for (const source of this.#sources.values()) if (!source.caughtUp) return false;
    return true;
  }

  /** Counts every source as just heard from: after a pause, silence was ours, not theirs. */
  touchSources(): void {
    const now = this.#clock();
    for (const source of this.#sources.values()) source.lastSeen = now;
  }

  push(event: DomainEvent, meta: T): void {
    const key = this.#sourceOf ? this.#sourceOf(meta) : null;
    if (key !== null) {
      const now = this.#clock();
      // After a spell in which no source delivered, each gets a fresh idleMs to deliver: the whole
      // input was quiet (or its reader was busy), which says nothing about one partition.
      if (now - this.#lastPush >= this.#idleMs) this.touchSources();
      this.#lastPush = now;
    }
    const item = { event, meta };
    if (event.eventTime < this.#advance()) this.#late.push(item);
    else this.#heap.push(item);
    if (event.eventTime > this.#maxEventTime) this.#maxEventTime = event.eventTime;
    if (key !== null) {
      const source = this.#sources.get(key) ?? {
        maxEventTime: Number.NEGATIVE_INFINITY,
        lastSeen: 0,
        caughtUp: true,
      };
      source.maxEventTime = Math.max(source.maxEventTime, event.eventTime);
      source.lastSeen = this.#clock();
      this.#sources.set(key, source);
    }
  }

  /** Events at or below the watermark, in order; late ones first (they are behind the watermark already). */
  release(): ReleaseResult<T> {
    return this.#drain(this.#advance());
  }

  /** Everything, in order: at the end of a finite input, a quiet spell, or a clean shutdown. */
  flush(): ReleaseResult<T> {
    return this.#drain(Number.POSITIVE_INFINITY);
  }

  /** Forget everything, including the watermark and the sources (before state is rebuilt). */
  reset(): void {
    this.#heap.removeWhere(() => true);
    this.#late = [];
    this.#sources.clear();
    this.#maxEventTime = Number.NEGATIVE_INFINITY;
    this.#watermark = Number.NEGATIVE_INFINITY;
    this.#lastPush = Number.NEGATIVE_INFINITY;
  }

  /** Items still held, for offset bookkeeping. */
  pending(): Iterable<Buffered<T>> {
    return [...this.#late, ...this.#heap.values()];
  }

  #advance(): number {
    let low = this.#maxEventTime;
    if (this.#sourceOf && this.#sources.size > 0) {
      const now = this.#clock();
      let active = Number.POSITIVE_INFINITY;
      for (const source of this.#sources.values()) {
        const idle = source.caughtUp && now - source.lastSeen >= this.#idleMs;
        if (!idle && source.maxEventTime < active) active = source.maxEventTime;
      }
      if (active !== Number.POSITIVE_INFINITY) low = active;
    }
    const candidate = low - this.#lateness;
    if (candidate > this.#watermark) this.#watermark = candidate;
    return this.#watermark;
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

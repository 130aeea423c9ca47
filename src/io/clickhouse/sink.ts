// The ClickHouse sink: what both drivers (a ClickHouse server over HTTP, embedded chDB) implement.
import type { z } from 'zod';
import type { sinkSchema } from '../../config/service.ts';
import type { Alert } from '../../core/alert.ts';
import type { DomainEvent, EventKind, RecordOrigin } from '../../core/events.ts';

export type SinkConfig = z.output<typeof sinkSchema>;

/** A validated, pseudonymised event and where it was read (null: replayed from a file). */
export interface StoredEvent {
  event: DomainEvent;
  origin: RecordOrigin | null;
}

export interface SinkBatch {
  alerts: Alert[];
  events: StoredEvent[];
}

/** Events read from one Kafka partition below an offset (e.g. the group's committed offset). */
export interface OriginBound {
  topic: string;
  partition: number;
  /** Decimal string; only offsets strictly below it. */
  belowOffset: string;
}

export interface EventQuery {
  /** Event time in epoch ms, inclusive. */
  since: number;
  /** Event time in epoch ms, exclusive. */
  until?: number;
  /**
   * Only events read from these Kafka partitions, with offset < belowOffset (a decimal string).
   * Events replayed from files (no origin) are then left out; an empty list matches nothing.
   */
  origins?: OriginBound[];
  /** Only these streams; all three when absent. */
  kinds?: EventKind[];
}

export interface Sink {
  /** Applies the migrations not yet applied; returns the names of those applied now. */
  migrate(): Promise<string[]>;
  /** Resolves only when durably written; safe to call again with the same batch (idempotent). */
  write(batch: SinkBatch): Promise<void>;
  /** Ordered by event time, then id (then kind); deduplicated by (kind, id). */
  readEvents(query: EventQuery): Promise<DomainEvent[]>;
  /**
   * The latest event time (epoch ms) among stored events matching `origins` (as in EventQuery; all
   * events when absent), or null when there is none. Whole seconds on ClickHouse servers before 20.x.
   * For rebuilding state: readEvents({ since: latest - retention, origins }).
   */
  latestEventTime(origins?: OriginBound[]): Promise<number | null>;
  /** True when the store answers; never throws. */
  ping(): Promise<boolean>;
  /** Runs a SELECT-like statement in the sink's database; returns its JSONEachRow rows. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * The sink stayed unreachable (connection refused, timeouts, 5xx) through every attempt: the caller
 * should pause consumption and try again later rather than drop or dead-letter the batch.
 */
export class SinkUnavailableError extends Error {
  override readonly name = 'SinkUnavailableError';
  readonly operation: string;
  readonly attempts: number;

  constructor(operation: string, attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`ClickHouse sink unavailable: ${operation} failed ${attempts} time(s): ${reason}`, { cause });
    this.operation = operation;
    this.attempts = attempts;
  }
}

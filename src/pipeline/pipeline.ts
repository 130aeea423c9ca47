// source → decode → validate → detect, one step at a time. The caller makes each step's output
// durable (sink, dead letters, alert topic) and only then commits `committable()` offsets.
import type { Alert } from '../core/alert.ts';
import type { DomainEvent, EventKind, RecordOrigin } from '../core/events.ts';
import type { RecordError } from '../core/record-error.ts';
import type { DeadLetter, SourceRecord, StepOutput } from '../core/records.ts';
import type { DetectionEngine } from '../detect/engine.ts';
import { ReorderBuffer } from '../detect/event-time/reorder-buffer.ts';
import { OffsetTracker, partitionKey, type TopicPartitionOffset } from './offset-tracker.ts';

export type StageResult<T> = { ok: true; value: T } | { ok: false; error: RecordError };

/** The record-level stages: bytes → plain value → validated, pseudonymised event. */
export interface RecordStages {
  decode(record: SourceRecord): Promise<StageResult<unknown>>;
  prepare(kind: EventKind, value: unknown): StageResult<DomainEvent>;
}

const emptyCounts = (): Record<EventKind, number> => ({ declaration: 0, manifest: 0, invoice: 0 });

/** What the reorder buffer holds beside an event: the record it came from, or null when restored. */
type Held = { origin: RecordOrigin; record: SourceRecord } | { origin: null; record: null };

export class Pipeline {
  readonly offsets = new OffsetTracker();
  readonly #buffer: ReorderBuffer<Held>;
  readonly #stages: RecordStages;
  readonly #engine: DetectionEngine;
  /** Which records' outputs this pipeline writes; null: all of them. */
  #owns: ((origin: RecordOrigin) => boolean) | null = null;

  /**
   * `perPartition`: the watermark follows the slowest Kafka partition (silent ones excepted after
   * `idleMs`), so a partition read ahead of another does not make the other's events late.
   */
  constructor(
    stages: RecordStages,
    engine: DetectionEngine,
    allowedLatenessMs: number,
    perPartition?: { idleMs: number },
  ) {
    this.#stages = stages;
    this.#engine = engine;
    this.#buffer = new ReorderBuffer(
      allowedLatenessMs,
      perPartition
        ? {
            // Restored events are all there at once: they hold nothing back.
            sourceOf: (meta) => (meta.origin ? partitionKey(meta.origin.topic, meta.origin.partition) : null),
            idleMs: perPartition.idleMs,
          }
        : {},
    );
  }

  /** After consumption was paused: no partition counts as idle for the time it could not deliver. */
  resumePartitions(): void {
    this.#buffer.touchSources();
  }

  /**
   * The partitions this pipeline now reads: the watermark waits for each until it delivers or,
   * with nothing left to read (`caughtUp`, default true), goes quiet.
   */
  expectPartitions(partitions: readonly { topic: string; partition: number; caughtUp?: boolean }[]): void {
    this.#buffer.expectSources(partitions.map((p) => partitionKey(p.topic, p.partition)));
    for (const p of partitions) this.notePosition(p.topic, p.partition, p.caughtUp ?? true);
  }

  /** Whether a partition has records left to read: one that has is never taken as idle. */
  notePosition(topic: string, partition: number, caughtUp: boolean): void {
    this.#buffer.setCaughtUp(partitionKey(topic, partition), caughtUp);
  }

  /** True unless some partition is known to have records left to read. */
  get caughtUp(): boolean {
    return this.#buffer.caughtUp;
  }

  /**
   * Every record still goes through detection (state must see all of them), but only the records
   * for which `owns` holds give output: their events, alerts and dead letters. Another instance
   * writes the rest. Null: this pipeline writes everything.
   */
  writeOnly(owns: ((origin: RecordOrigin) => boolean) | null): void {
    this.#owns = owns;
  }

  get watermark(): number {
    return this.#buffer.watermark;
  }

  get buffered(): number {
    return this.#buffer.size;
  }

  /** Reads a batch of records; returns what became ready (released past the watermark). */
  async step(records: readonly SourceRecord[]): Promise<StepOutput> {
    const read = emptyCounts();
    const deadLetters: DeadLetter[] = [];
    const decoded = await Promise.all(records.map((record) => this.#stages.decode(record)));
    records.forEach((record, i) => {
      read[record.kind]++;
      this.offsets.read(record.origin);
      const result = decoded[i]!;
      const prepared = result.ok ? this.#stages.prepare(record.kind, result.value) : result;
      if (prepared.ok) this.#buffer.push(prepared.value, { origin: record.origin, record });
      else if (this.#owned(record.origin))
        deadLetters.push({
          origin: record.origin,
          kind: record.kind,
          error: prepared.error,
          value: record.value,
        });
    });
    return this.#detect(this.#buffer.release(), read, deadLetters);
  }

  /** Releases everything still held: end of a finite input, or a clean shutdown. */
  finish(): StepOutput {
    return this.#detect(this.#buffer.flush(), emptyCounts(), []);
  }

  /** Offsets whose records are all processed (to commit once the step's output is durable). */
  committable(): TopicPartitionOffset[] {
    const held: RecordOrigin[] = [];
    for (const { meta } of this.#buffer.pending()) if (meta.origin) held.push(meta.origin);
    return this.offsets.committable(held);
  }

  /** Drops held records and all state: before re-reading from committed offsets after a rebalance. */
  reset(): void {
    this.#buffer.reset();
    this.offsets.forget();
    this.#engine.reset();
  }

  /**
   * Restores state from stored events (those below the committed offsets), without emitting
   * anything for them: they go through the reorder buffer with the records read next, so they are
   * taken in event-time order with them. Partitions are committed at different event times (by
   * different instances), so a stored event may well be later than a record still to be read.
   */
  warmUp(events: readonly DomainEvent[]): number {
    for (const event of events) this.#buffer.push(event, { origin: null, record: null });
    return events.length;
  }

  #detect(
    release: { released: { event: DomainEvent; meta: Held }[]; late: number },
    read: Record<EventKind, number>,
    deadLetters: DeadLetter[],
  ): StepOutput {
    const alerts = new Map<string, Alert>();
    const events: StepOutput['events'] = [];
    for (const { event, meta } of release.released) {
      // State expiry follows the released events' own times: deterministic, unlike the arrival-driven watermark.
      const output = this.#engine.process(event, event.eventTime);
      if (meta.origin === null || !this.#owned(meta.origin)) continue;
      for (const failure of output.failures) {
        deadLetters.push({
          origin: meta.origin,
          kind: event.kind,
          value: meta.record.value,
          error: {
            stage: 'internal',
            reason: 'rule-failed',
            field: failure.ruleId,
            message: failure.error.message,
          },
        });
      }
      for (const alert of output.alerts) {
        const seen = alerts.get(alert.alertId);
        if (!seen || alert.revision >= seen.revision) alerts.set(alert.alertId, alert);
      }
      events.push({ event, origin: meta.origin });
    }
    return { alerts: [...alerts.values()], events, deadLetters, read, late: release.late };
  }

  #owned(origin: RecordOrigin): boolean {
    return this.#owns === null || this.#owns(origin);
  }
}

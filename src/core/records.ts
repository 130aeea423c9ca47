// What moves between the stages of the pipeline.
import type { Alert } from './alert.ts';
import type { DomainEvent, EventKind, RecordOrigin } from './events.ts';
import type { RecordError } from './record-error.ts';

/** One raw record from a source: a Kafka message or a replay file line. */
export interface SourceRecord {
  origin: RecordOrigin;
  kind: EventKind;
  value: Buffer | null;
}

/** A record that could not be processed, with why. Its content stays out of logs. */
export interface DeadLetter {
  origin: RecordOrigin;
  kind: EventKind;
  error: RecordError;
  value: Buffer | null;
}

/** Everything one step of the pipeline must make durable before its offsets are committed. */
export interface StepOutput {
  alerts: Alert[];
  /** Events released to detection; origin null when they came from a replay file. */
  events: { event: DomainEvent; origin: RecordOrigin | null }[];
  deadLetters: DeadLetter[];
  /** Records read in this step, by kind. */
  read: Record<EventKind, number>;
  /** Events released although they arrived behind the watermark. */
  late: number;
}

import type { DeadLetter } from './records.ts';

/** Where records that cannot be processed go. `write` resolves once they are durable. */
export interface DeadLetterWriter {
  write(deadLetters: readonly DeadLetter[]): Promise<void>;
  close(): Promise<void>;
}

/** Header names on dead-letter records: the error and the source coordinate, never content. */
export const deadLetterHeaders = {
  stage: 'customs-aml.error.stage',
  reason: 'customs-aml.error.reason',
  field: 'customs-aml.error.field',
  message: 'customs-aml.error.message',
  topic: 'customs-aml.source.topic',
  partition: 'customs-aml.source.partition',
  offset: 'customs-aml.source.offset',
} as const;

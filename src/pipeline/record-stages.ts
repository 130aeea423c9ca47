// The record-level stages wired together: decode → validate → pseudonymise → FX coverage.
// A record that fails any of them becomes a dead letter with the stage, reason and field.

import type { DomainEvent, EventKind } from '../core/events.ts';
import type { RecordError } from '../core/record-error.ts';
import type { SourceRecord } from '../core/records.ts';
import type { RecordDecoder } from '../stages/decode/record-decoder.ts';
import type { Pseudonymiser } from '../stages/pseudonymise/pseudonymise.ts';
import { validateRecord } from '../stages/validate/validate-record.ts';
import type { RecordStages, StageResult } from './pipeline.ts';

export interface RecordStageParts {
  decoder: RecordDecoder;
  pseudonymiser: Pseudonymiser;
  /** Null when every amount of the event has an FX rate for its date, else the error. */
  checkFx: (event: DomainEvent) => RecordError | null;
}

export function createRecordStages({ decoder, pseudonymiser, checkFx }: RecordStageParts): RecordStages {
  return {
    decode(record: SourceRecord): Promise<StageResult<unknown>> {
      // A decoded record is a StageResult as it is (kind and encoding ride along unread): no
      // second promise and copy per record.
      return decoder.decode(record.origin.topic, record.value);
    },
    prepare(kind: EventKind, value: unknown): StageResult<DomainEvent> {
      const validated = validateRecord(kind, value);
      if (!validated.ok) return validated;
      const event = pseudonymiser.pseudonymise(kind, validated.input) as DomainEvent;
      const fxError = checkFx(event);
      return fxError ? { ok: false, error: fxError } : { ok: true, value: event };
    },
  };
}

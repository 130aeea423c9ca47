// Why one input record could not become a domain event. Records hold personal data, so an error
// names the field and what is wrong with it, never what the field held: it is safe to log, to count
// in metrics and to attach to a dead letter.

export const recordErrorStages = ['decode', 'validate', 'fx', 'internal'] as const;
export type RecordErrorStage = (typeof recordErrorStages)[number];

export interface RecordError {
  stage: RecordErrorStage;
  /** Short machine code, e.g. 'invalid-json', 'unknown-schema-id', 'invalid-field'. */
  reason: string;
  /** Dotted path of the offending field, e.g. 'items.0.amount'. Absent when the record as a whole is at fault. */
  field?: string;
  /** Human-readable, free of input values. */
  message: string;
}

export type RecordResult<T> = { ok: true; value: T } | { ok: false; error: RecordError };

export function recordError(
  stage: RecordErrorStage,
  reason: string,
  message: string,
  field?: string,
): RecordError {
  return field === undefined ? { stage, reason, message } : { stage, reason, field, message };
}

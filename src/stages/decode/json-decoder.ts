// Plain JSON record values: one UTF-8 JSON object per record.
import { type RecordResult, recordError } from '../../core/record-error.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses a record value as a JSON object. Errors never quote the input: JSON.parse's own messages
 * do, so they are replaced by a position at most.
 */
export function decodeJson(value: Uint8Array): RecordResult<Record<string, unknown>> {
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { ok: false, error: recordError('decode', 'invalid-utf8', 'the record is not valid UTF-8 text') };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    return {
      ok: false,
      error: recordError('decode', 'invalid-json', `the record is not valid JSON${where}`),
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return {
      ok: false,
      error: recordError('decode', 'not-an-object', `the record is JSON ${got}, not an object`),
    };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

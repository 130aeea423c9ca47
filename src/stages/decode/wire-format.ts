// Confluent wire format of a Kafka record value: magic byte 0, the writer schema id as a 4-byte
// big-endian integer, then the Avro binary body.

export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;

export interface FramedRecord {
  schemaId: number;
  /** The Avro body: a view on the input buffer, not a copy. */
  body: Buffer;
}

export type FrameParseError = { reason: 'short-buffer' | 'wrong-magic-byte'; message: string };

/** Splits a framed value into schema id and body; an error (never an exception) for malformed input. */
export function parseFrame(
  value: Buffer,
): { ok: true; frame: FramedRecord } | { ok: false; error: FrameParseError } {
  if (value.length < HEADER_LENGTH) {
    return {
      ok: false,
      error: {
        reason: 'short-buffer',
        message: `a Confluent-framed record needs at least ${HEADER_LENGTH} bytes (magic byte and schema id), got ${value.length}`,
      },
    };
  }
  if (value[0] !== MAGIC_BYTE) {
    return {
      ok: false,
      error: {
        reason: 'wrong-magic-byte',
        message: `the first byte is not the Confluent magic byte ${MAGIC_BYTE}`,
      },
    };
  }
  return { ok: true, frame: { schemaId: value.readUInt32BE(1), body: value.subarray(HEADER_LENGTH) } };
}

/** Frames an Avro body with its writer schema id. */
export function frame(schemaId: number, body: Uint8Array): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffff_ffff) {
    throw new RangeError('schema id must be an integer between 0 and 2^32 - 1');
  }
  const out = Buffer.allocUnsafe(HEADER_LENGTH + body.length);
  out[0] = MAGIC_BYTE;
  out.writeUInt32BE(schemaId, 1);
  out.set(body, HEADER_LENGTH);
  return out;
}

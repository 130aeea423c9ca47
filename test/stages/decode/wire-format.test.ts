import { describe, expect, it } from 'vitest';
import { frame, HEADER_LENGTH, MAGIC_BYTE, parseFrame } from '../../../src/stages/decode/wire-format.ts';

describe('Confluent wire format', () => {
  it('frames a body as magic byte 0, big-endian schema id, body', () => {
    const framed = frame(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect([...framed]).toEqual([0, 1, 2, 3, 4, 0xaa, 0xbb]);
    expect(HEADER_LENGTH).toBe(5);
    expect(MAGIC_BYTE).toBe(0);
  });

  it('parses what it frames, the body as a view on the input', () => {
    const framed = frame(42, Buffer.from('avro-body'));
    const parsed = parseFrame(framed);
    expect(parsed).toEqual({ ok: true, frame: { schemaId: 42, body: Buffer.from('avro-body') } });
    if (parsed.ok) expect(parsed.frame.body.buffer).toBe(framed.buffer);
  });

  it('reads schema ids above 2^31 as unsigned', () => {
    const parsed = parseFrame(frame(0xfffffffe, Buffer.alloc(0)));
    expect(parsed.ok && parsed.frame.schemaId).toBe(0xfffffffe);
  });

  it('accepts a header with an empty body', () => {
    expect(parseFrame(Buffer.from([0, 0, 0, 0, 7]))).toEqual({
      ok: true,
      frame: { schemaId: 7, body: Buffer.alloc(0) },
    });
  });

  it.each([0, 1, 4])('rejects a %i-byte buffer as too short', (length) => {
    const parsed = parseFrame(Buffer.alloc(length));
    expect(parsed).toEqual({
      ok: false,
      error: {
        reason: 'short-buffer',
        message: `a Confluent-framed record needs at least 5 bytes (magic byte and schema id), got ${length}`,
      },
    });
  });

  it('rejects a wrong magic byte', () => {
    const parsed = parseFrame(Buffer.from([1, 0, 0, 0, 1, 2]));
    expect(parsed).toEqual({
      ok: false,
      error: { reason: 'wrong-magic-byte', message: 'the first byte is not the Confluent magic byte 0' },
    });
  });

  it('refuses to frame an id outside 0..2^32-1', () => {
    expect(() => frame(-1, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(2 ** 32, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(1.5, Buffer.alloc(0))).toThrow(RangeError);
  });
});

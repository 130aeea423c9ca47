import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../../src/stages/decode/json-decoder.ts';
import { eventFixture } from '../../fixtures/events.ts';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('decodeJson', () => {
  it('decodes the example declaration', () => {
    const text = JSON.stringify(eventFixture('declaration'));
    expect(decodeJson(utf8(text))).toEqual({ ok: true, value: eventFixture('declaration') });
  });

  it('accepts a UTF-8 byte order mark and surrounding whitespace', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(' \n{"a": "é"}\n')]);
    expect(decodeJson(withBom)).toEqual({ ok: true, value: { a: 'é' } });
  });

  it('reports invalid JSON with a position but without quoting the input', () => {
    const secret = 'G48-217735';
    const result = decodeJson(utf8(`{"documentNumber": ${secret}}`));
    expect(result).toEqual({
      ok: false,
      error: {
        stage: 'decode',
        reason: 'invalid-json',
        message: expect.stringMatching(/^the record is not valid JSON/),
      },
    });
    expect(JSON.stringify(result)).not.toContain('G48');
  });

  it('reports truncated JSON', () => {
    const result = decodeJson(utf8('{"declarationId": "MX-1", '));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toBe('invalid-json');
  });

  it('reports invalid UTF-8', () => {
    expect(decodeJson(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual({
      ok: false,
      error: { stage: 'decode', reason: 'invalid-utf8', message: 'the record is not valid UTF-8 text' },
    });
  });

  it.each([
    ['[1, 2]', 'an array'],
    ['null', 'null'],
    ['"G48-217735"', 'a string'],
    ['9850.10', 'a number'],
    ['true', 'a boolean'],
  ])('rejects %s as not an object', (text, got) => {
    expect(decodeJson(utf8(text))).toEqual({
      ok: false,
      error: {
        stage: 'decode',
        reason: 'not-an-object',
        message: `the record is JSON ${got}, not an object`,
      },
    });
  });
});

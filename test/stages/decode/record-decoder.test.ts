import { describe, expect, it } from 'vitest';
import { createRecordDecoder } from '../../../src/stages/decode/record-decoder.ts';
import { frame } from '../../../src/stages/decode/wire-format.ts';
import { eventFixture } from '../../fixtures/events.ts';

const topics = {
  declarations: 'customs.currency-declarations',
  manifests: 'customs.courier-manifests',
  invoices: 'customs.trade-invoices',
};
const topicKinds = {
  [topics.declarations]: 'declaration',
  [topics.manifests]: 'manifest',
  [topics.invoices]: 'invoice',
} as const;

function jsonOnly() {
  return createRecordDecoder({
    encodings: { [topics.declarations]: 'auto', [topics.manifests]: 'json', [topics.invoices]: 'auto' },
    topicKinds,
  });
}

describe('createRecordDecoder without a schema registry', () => {
  it('decodes a JSON record on an auto topic as the topic kind', async () => {
    const event = eventFixture('declaration');
    const decoded = await jsonOnly().decode(topics.declarations, Buffer.from(JSON.stringify(event)));
    expect(decoded).toEqual({ ok: true, kind: 'declaration', value: event, encoding: 'json' });
  });

  it('decodes a JSON record on a json topic', async () => {
    const event = eventFixture('manifest');
    const decoded = await jsonOnly().decode(topics.manifests, Buffer.from(JSON.stringify(event)));
    expect(decoded).toEqual({ ok: true, kind: 'manifest', value: event, encoding: 'json' });
  });

  it('auto: takes pretty-printed JSON (leading whitespace) as JSON', async () => {
    const decoded = await jsonOnly().decode(topics.invoices, Buffer.from('\n  {"invoiceId": "X"}'));
    expect(decoded).toEqual({ ok: true, kind: 'invoice', value: { invoiceId: 'X' }, encoding: 'json' });
  });

  it('auto: takes a leading 0 byte as Avro, which needs a registry', async () => {
    const decoded = await jsonOnly().decode(topics.declarations, frame(1, Buffer.from([2, 0x41])));
    expect(decoded).toEqual({
      ok: false,
      error: {
        stage: 'decode',
        reason: 'no-schema-registry',
        message: 'an Avro record arrived but no schema registry is configured',
      },
    });
  });

  it('auto: rejects a record that is neither Avro nor a JSON object', async () => {
    for (const value of [Buffer.from('[{"a":1}]'), Buffer.from('G48-217735'), Buffer.from([1, 0, 0, 0, 1])]) {
      const decoded = await jsonOnly().decode(topics.declarations, value);
      expect(decoded).toEqual({
        ok: false,
        error: {
          stage: 'decode',
          reason: 'unknown-encoding',
          message:
            'the record is neither Confluent-framed Avro (first byte 0) nor a JSON object (first character {)',
        },
      });
    }
  });

  it('json: a framed Avro record is not JSON', async () => {
    const decoded = await jsonOnly().decode(topics.manifests, frame(1, Buffer.from([2, 0x41])));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.stage).toBe('decode');
  });

  it('reports a tombstone or an empty value', async () => {
    const expected = {
      ok: false,
      error: { stage: 'decode', reason: 'empty-record', message: 'the record has no value' },
    };
    expect(await jsonOnly().decode(topics.declarations, null)).toEqual(expected);
    expect(await jsonOnly().decode(topics.declarations, Buffer.alloc(0))).toEqual(expected);
  });

  it('reports a topic it was not configured for', async () => {
    expect(await jsonOnly().decode('customs.other', Buffer.from('{}'))).toEqual({
      ok: false,
      error: { stage: 'internal', reason: 'unknown-topic', message: 'topic customs.other is not configured' },
    });
  });

  it('refuses an Avro topic without a registry URL, and an encoding without a kind', () => {
    expect(() => createRecordDecoder({ encodings: { [topics.declarations]: 'avro' }, topicKinds })).toThrow(
      'topic customs.currency-declarations is read as Avro but no schema registry URL is configured',
    );
    expect(() => createRecordDecoder({ encodings: { other: 'json' }, topicKinds })).toThrow(
      'topic other has an encoding but no event kind',
    );
  });
});

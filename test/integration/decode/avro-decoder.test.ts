import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { beforeAll, expect, it } from 'vitest';
import type { EventKind } from '../../../src/core/events.ts';
import { registerSchemas, valueSubject } from '../../../src/io/kafka/schema-registry.ts';
import {
  createAvroDecoder,
  SchemaRegistryUnavailableError,
} from '../../../src/stages/decode/avro-decoder.ts';
import { avroType, eventAvroTypes, loadAvroSchema } from '../../../src/stages/decode/avro-schemas.ts';
import { createRecordDecoder, type RecordDecoder } from '../../../src/stages/decode/record-decoder.ts';
import { frame } from '../../../src/stages/decode/wire-format.ts';
import { createPseudonymiser } from '../../../src/stages/pseudonymise/pseudonymise.ts';
import { validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { avroFixture, eventFixture } from '../../fixtures/events.ts';
import { describeWithServices, services } from '../../support/integration.ts';

const olderDeclarationSchema = loadAvroSchema(
  new URL('../../fixtures/schemas/currency-declaration.v1.avsc', import.meta.url),
);

describeWithServices('Avro decoding with writer schemas from the real registry', () => {
  const run = randomUUID().slice(0, 8);
  const topics = {
    declarations: `it-${run}.currency-declarations`,
    manifests: `it-${run}.courier-manifests`,
    invoices: `it-${run}.trade-invoices`,
  };
  const autoTopic = `it-${run}.declarations-auto`;
  const ids = { olderDeclaration: 0, declaration: 0, manifest: 0, invoice: 0 };
  let decoder: RecordDecoder;

  beforeAll(async () => {
    const url = services().schemaRegistryUrl;
    // The older version first, as in real life; then the current one must be a compatible successor.
    const registry = new SchemaRegistry({ host: url });
    ids.olderDeclaration = (
      await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(olderDeclarationSchema) },
        { subject: valueSubject(topics.declarations) },
      )
    ).id;
    const registered = await registerSchemas(url, { ...topics, alerts: null });
    [ids.declaration, ids.manifest, ids.invoice] = registered.map((r) => r.id) as [number, number, number];
    decoder = createRecordDecoder({
      registryUrl: url,
      encodings: {
        [topics.declarations]: 'avro',
        [topics.manifests]: 'avro',
        [topics.invoices]: 'avro',
        [autoTopic]: 'auto',
      },
      topicKinds: {
        [topics.declarations]: 'declaration',
        [topics.manifests]: 'manifest',
        [topics.invoices]: 'invoice',
        [autoTopic]: 'declaration',
      },
    });
  });

  function encode(kind: EventKind, schemaId: number, value = avroFixture(kind)): Buffer {
    return frame(schemaId, eventAvroTypes[kind].toBuffer(value));
  }

  it('registered the current declaration schema as a new version after the older one', () => {
    expect(ids.olderDeclaration).toBeGreaterThan(0);
    expect(ids.declaration).not.toBe(ids.olderDeclaration);
  });

  it.each([
    ['declaration', 'declarations'],
    ['manifest', 'manifests'],
    ['invoice', 'invoices'],
  ] as const)(
    'decodes a %s written with the current schema; validation matches the JSON form',
    async (kind, topic) => {
      const decoded = await decoder.decode(topics[topic], encode(kind, ids[kind]));
      expect(decoded).toMatchObject({ ok: true, kind, encoding: 'avro', schemaId: ids[kind] });
      if (!decoded.ok) return;
      const fromAvro = validateRecord(kind, decoded.value);
      expect(fromAvro.ok).toBe(true);
      expect(fromAvro).toEqual(validateRecord(kind, eventFixture(kind)));
    },
  );

  it('decodes a declaration written with the older schema version (no purpose, no control)', async () => {
    const { purpose: _p, control: _c, ...oldEvent } = avroFixture('declaration');
    const older = avroType(olderDeclarationSchema);
    const decoded = await decoder.decode(
      topics.declarations,
      frame(ids.olderDeclaration, older.toBuffer(oldEvent)),
    );
    expect(decoded).toMatchObject({ ok: true, kind: 'declaration', schemaId: ids.olderDeclaration });
    if (!decoded.ok) return;
    expect(decoded.value).toMatchObject({
      declarationId: 'MX-DEC-2025-000481',
      purpose: null,
      control: null,
    });
    const validated = validateRecord('declaration', decoded.value);
    expect(validated.ok).toBe(true);
    if (!validated.ok) return;
    expect(validated.input.items.map((i) => i.amount)).toEqual([9_850_100_000n, 15_000_000_000n]);
    expect(validated.input.declaredAt).toBe(Date.UTC(2025, 2, 14, 15, 42, 17));
    const event = createPseudonymiser('k'.repeat(32)).pseudonymise('declaration', validated.input);
    expect(event.body.control).toBeUndefined();
    expect(event.body.purpose).toBeUndefined();
    expect(event.body.traveller.personKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it("auto: chooses Avro for a framed record and JSON for '{' on the same topic", async () => {
    const avro = await decoder.decode(autoTopic, encode('declaration', ids.declaration));
    const json = await decoder.decode(autoTopic, Buffer.from(JSON.stringify(eventFixture('declaration'))));
    expect(avro).toMatchObject({ ok: true, encoding: 'avro', schemaId: ids.declaration });
    expect(json).toMatchObject({ ok: true, encoding: 'json' });
    if (!avro.ok || !json.ok) return;
    expect(validateRecord('declaration', avro.value)).toEqual(validateRecord('declaration', json.value));
  });

  it('reports a schema id the registry does not know, without throwing', async () => {
    const unknownId = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    const value = encode('declaration', ids.declaration);
    value.writeUInt32BE(unknownId, 1);
    expect(await decoder.decode(topics.declarations, value)).toEqual({
      ok: false,
      error: {
        stage: 'decode',
        reason: 'unknown-schema-id',
        message: `the schema registry has no schema with id ${unknownId}`,
      },
    });
  });

  it('reports a writer schema of another event kind as incompatible', async () => {
    const decoded = await decoder.decode(topics.declarations, encode('invoice', ids.invoice));
    expect(decoded).toMatchObject({
      ok: false,
      error: {
        stage: 'decode',
        reason: 'incompatible-schema',
        message: expect.stringContaining(`writer schema id ${ids.invoice} cannot be read as a declaration`),
      },
    });
  });

  it('reports a truncated or corrupt body without quoting it', async () => {
    const full = encode('declaration', ids.declaration);
    for (const value of [full.subarray(0, 40), Buffer.concat([full, Buffer.from('trailing')])]) {
      const decoded = await decoder.decode(topics.declarations, value);
      expect(decoded).toEqual({
        ok: false,
        error: {
          stage: 'decode',
          reason: 'invalid-avro',
          message: `the record body does not match writer schema id ${ids.declaration}`,
        },
      });
    }
  });

  it('reports a short or wrongly framed value on an Avro topic', async () => {
    expect(await decoder.decode(topics.manifests, Buffer.from([0, 0, 1]))).toMatchObject({
      ok: false,
      error: { stage: 'decode', reason: 'short-buffer' },
    });
    expect(await decoder.decode(topics.manifests, Buffer.from('{"consignmentId":"x"}'))).toMatchObject({
      ok: false,
      error: { stage: 'decode', reason: 'wrong-magic-byte' },
    });
  });

  it('decodes many records of one schema concurrently', async () => {
    const fresh = createAvroDecoder({ registryUrl: services().schemaRegistryUrl });
    const value = encode('manifest', ids.manifest);
    const results = await Promise.all(Array.from({ length: 50 }, () => fresh.decode('manifest', value)));
    expect(results.every((r) => r.ok && r.value.schemaId === ids.manifest)).toBe(true);
  });

  it('throws SchemaRegistryUnavailableError, not a record error, when the registry cannot be reached', async () => {
    const unreachable = createAvroDecoder({ registryUrl: 'http://127.0.0.1:1/apis/ccompat/v7' });
    await expect(
      unreachable.decode('declaration', encode('declaration', ids.declaration)),
    ).rejects.toBeInstanceOf(SchemaRegistryUnavailableError);
    const wrongPath = createAvroDecoder({
      registryUrl: `${new URL(services().schemaRegistryUrl).origin}/no-such-api`,
    });
    await expect(
      wrongPath.decode('declaration', encode('declaration', ids.declaration)),
    ).rejects.toBeInstanceOf(SchemaRegistryUnavailableError);
  });
});

import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { beforeAll, expect, it } from 'vitest';
import { registerSchemas, type SchemaTopics, valueSubject } from '../../../src/io/kafka/schema-registry.ts';
import { alertAvroSchema, eventAvroSchemas } from '../../../src/stages/decode/avro-schemas.ts';
import { describeWithServices, services } from '../../support/integration.ts';

describeWithServices('registerSchemas (real schema registry)', () => {
  const run = randomUUID().slice(0, 8);
  const topics: SchemaTopics = {
    declarations: `it-${run}.currency-declarations`,
    manifests: `it-${run}.courier-manifests`,
    invoices: `it-${run}.trade-invoices`,
    alerts: `it-${run}.alerts`,
  };
  let registered: Awaited<ReturnType<typeof registerSchemas>>;

  beforeAll(async () => {
    registered = await registerSchemas(services().schemaRegistryUrl, topics);
  });

  it('registers the four schemas under the <topic>-value subjects', async () => {
    expect(registered.map((r) => r.subject)).toEqual([
      `it-${run}.currency-declarations-value`,
      `it-${run}.courier-manifests-value`,
      `it-${run}.trade-invoices-value`,
      `it-${run}.alerts-value`,
    ]);
    expect(new Set(registered.map((r) => r.id)).size).toBe(4);
    const registry = new SchemaRegistry({ host: services().schemaRegistryUrl });
    for (const { subject, id } of registered) expect(await registry.getLatestSchemaId(subject)).toBe(id);
  });

  it('stores the schemas as given', async () => {
    const base = services().schemaRegistryUrl;
    const expected = [
      eventAvroSchemas.declaration,
      eventAvroSchemas.manifest,
      eventAvroSchemas.invoice,
      alertAvroSchema,
    ];
    for (const [i, { id }] of registered.entries()) {
      const response = await fetch(`${base}/schemas/ids/${id}`);
      const body = (await response.json()) as { schema: string };
      expect(JSON.parse(body.schema)).toEqual(expected[i]);
    }
  });

  it('is idempotent: registering again gives the same ids', async () => {
    expect(await registerSchemas(services().schemaRegistryUrl, topics)).toEqual(registered);
  });

  it('skips the alert subject when alerts are not produced', async () => {
    const noAlerts = { ...topics, declarations: `it-${run}.other-declarations`, alerts: null };
    const result = await registerSchemas(services().schemaRegistryUrl, noAlerts);
    expect(result.map((r) => r.subject)).toEqual([
      valueSubject(noAlerts.declarations),
      valueSubject(topics.manifests),
      valueSubject(topics.invoices),
    ]);
  });

  it('keeps the level of a subject a producer registered first', async () => {
    const base = services().schemaRegistryUrl;
    const topic = `it-${run}.producer-first`;
    const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
    const before = await fetch(`${base}/subjects/${valueSubject(topic)}/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schema: JSON.stringify(eventAvroSchemas.invoice) }),
    });
    expect(before.ok).toBe(true);
    const levelBefore = await (await fetch(`${base}/config/${valueSubject(topic)}`)).json();
    const result = await registerSchemas(base, { ...topics, invoices: topic });
    expect(result[2]).toEqual({
      subject: valueSubject(topic),
      id: ((await before.json()) as { id: number }).id,
    });
    expect(await (await fetch(`${base}/config/${valueSubject(topic)}`)).json()).toEqual(levelBefore);
  });

  it('sets BACKWARD on a new subject', async () => {
    const response = await fetch(`${services().schemaRegistryUrl}/config/${valueSubject(topics.manifests)}`);
    expect(((await response.json()) as { compatibilityLevel: string }).compatibilityLevel).toBe('BACKWARD');
  });

  it('leaves the registry to refuse a backward-incompatible change (a new field without default)', async () => {
    const registry = new SchemaRegistry({ host: services().schemaRegistryUrl });
    const breaking = structuredClone(eventAvroSchemas.declaration);
    breaking.fields.push({ name: 'officerBadge', type: 'string' });
    await expect(
      registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(breaking) },
        { subject: valueSubject(topics.declarations) },
      ),
    ).rejects.toThrow();
  });
});

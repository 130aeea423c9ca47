import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { expect, it } from 'vitest';
import { describeWithServices, services } from '../../support/integration.ts';

describeWithServices('schema registry (Confluent-compatible API)', () => {
  it('registers an Avro schema and round-trips a Confluent-framed message', async () => {
    const registry = new SchemaRegistry({ host: services().schemaRegistryUrl });
    const schema = {
      type: 'record',
      name: 'Smoke',
      namespace: 'org.customsaml.test',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'amount', type: 'string' },
      ],
    };
    const subject = `smoke-${randomUUID()}-value`;
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject },
    );
    const encoded = await registry.encode(id, { id: 'd-1', amount: '9850.00' });
    // Confluent wire format: magic byte 0, then the 4-byte big-endian schema id.
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await registry.decode(encoded)).toEqual({ id: 'd-1', amount: '9850.00' });
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
  });
});

import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { type Alert, entityTypes, severities, typologies } from '../../../src/core/alert.ts';
import type { EventKind } from '../../../src/core/events.ts';
import {
  type AvroRecordSchema,
  alertAvroSchema,
  alertAvroType,
  avroFullName,
  avroType,
  eventAvroSchemas,
  eventAvroTypes,
  loadAvroSchema,
} from '../../../src/stages/decode/avro-schemas.ts';
import { validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { avroFixture, eventFixture } from '../../fixtures/events.ts';

const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];
const allSchemas: AvroRecordSchema[] = [...kinds.map((k) => eventAvroSchemas[k]), alertAvroSchema];
const olderDeclaration = loadAvroSchema(
  new URL('../../fixtures/schemas/currency-declaration.v1.avsc', import.meta.url),
);

/** Every (path, type) pair in a schema, nested types included. */
function* walk(type: unknown, path: string): Generator<[string, unknown]> {
  yield [path, type];
  if (Array.isArray(type)) for (const branch of type) yield* walk(branch, path);
  else if (typeof type === 'object' && type !== null) {
    const t = type as { fields?: { name: string; type: unknown }[]; items?: unknown };
    for (const f of t.fields ?? []) yield* walk(f.type, path ? `${path}.${f.name}` : f.name);
    if (t.items !== undefined) yield* walk(t.items, `${path}[]`);
  }
}

function fieldsOf(schema: AvroRecordSchema): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [path, type] of walk(schema, '')) if (path && !out.has(path)) out.set(path, type);
  return out;
}

describe('schemas/*.avsc', () => {
  it('are records in the org.customsaml.v1 namespace', () => {
    expect(allSchemas.map(avroFullName)).toEqual([
      'org.customsaml.v1.CurrencyDeclaration',
      'org.customsaml.v1.CourierManifest',
      'org.customsaml.v1.TradeInvoice',
      'org.customsaml.v1.Alert',
    ]);
  });

  it('never use binary floating point', () => {
    for (const schema of allSchemas) {
      const text = JSON.stringify(schema);
      expect(text).not.toMatch(/"(float|double)"/);
    }
  });

  it('carry money as decimal text with a documented format', () => {
    const money: Record<string, string[]> = {
      declaration: ['items[].amount', 'control.undeclaredAmount'],
      manifest: ['declaredValue', 'grossWeightKg', 'items[].quantity', 'items[].value'],
      invoice: ['totalValue', 'lines[].quantity', 'lines[].netWeightKg', 'lines[].value'],
    };
    for (const kind of kinds) {
      const fields = fieldsOf(eventAvroSchemas[kind]);
      for (const path of money[kind] ?? []) {
        expect([['null', 'string'], 'string'], `${kind} ${path}`).toContainEqual(fields.get(path));
      }
    }
    const docs = JSON.stringify(allSchemas);
    expect(docs.match(/decimal text/g)?.length).toBeGreaterThanOrEqual(10);
  });

  it('carry event times as timestamp-millis longs', () => {
    const millis = { type: 'long', logicalType: 'timestamp-millis' };
    expect(fieldsOf(eventAvroSchemas.declaration).get('declaredAt')).toEqual(millis);
    expect(fieldsOf(eventAvroSchemas.manifest).get('reportedAt')).toEqual(millis);
    expect(fieldsOf(eventAvroSchemas.invoice).get('declaredAt')).toEqual(millis);
    expect(fieldsOf(alertAvroSchema).get('eventTime')).toEqual(millis);
    expect(fieldsOf(alertAvroSchema).get('detectedAt')).toEqual(millis);
  });

  it('give every nullable field null as its first branch and default', () => {
    for (const schema of allSchemas) {
      for (const [path, type] of walk(schema, '')) {
        const t = type as { fields?: { name: string; type: unknown; default?: unknown }[] };
        for (const f of t.fields ?? []) {
          if (Array.isArray(f.type)) {
            expect(f.type[0], `${schema.name} ${path}.${f.name}`).toBe('null');
            expect(f.default, `${schema.name} ${path}.${f.name}`).toBeNull();
          }
        }
      }
    }
  });
});

describe('the example events through the Avro schemas', () => {
  it.each(kinds)('%s: encodes, decodes and validates like its JSON form', (kind) => {
    const type = eventAvroTypes[kind];
    const decoded: unknown = type.fromBuffer(type.toBuffer(avroFixture(kind)));
    const fromAvro = validateRecord(kind, decoded);
    const fromJson = validateRecord(kind, eventFixture(kind));
    expect(fromAvro.ok).toBe(true);
    expect(fromAvro).toEqual(fromJson);
  });

  it('an event from the older declaration writer reads with the current schema, new fields null', () => {
    const older = avroType(olderDeclaration);
    const { purpose: _p, control: _c, ...oldEvent } = avroFixture('declaration');
    const reader = eventAvroTypes.declaration;
    const decoded = reader.fromBuffer(older.toBuffer(oldEvent), reader.createResolver(older)) as Record<
      string,
      unknown
    >;
    expect(decoded.purpose).toBeNull();
    expect(decoded.control).toBeNull();
    const result = validateRecord('declaration', decoded);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.input.items[0]?.amount).toBe(9_850_100_000n);
  });

  it('an event from the current writer reads with the older schema (old readers ignore new fields)', () => {
    const older = avroType(olderDeclaration);
    const current = eventAvroTypes.declaration;
    const decoded = older.fromBuffer(
      current.toBuffer(avroFixture('declaration')),
      older.createResolver(current),
    );
    expect(decoded).not.toHaveProperty('purpose');
    expect((decoded as { declarationId: string }).declarationId).toBe('MX-DEC-2025-000481');
  });

  it('an item kind this schema does not know reads as OTHER_BNI', () => {
    const newer = structuredClone(eventAvroSchemas.declaration);
    const items = newer.fields.find((f) => f.name === 'items')!;
    const kindType = (items.type as { items: { fields: { name: string; type: { symbols: string[] } }[] } })
      .items.fields[0]!.type;
    kindType.symbols.push('CRYPTO_VOUCHER');
    const writer = avroType(newer);
    const event = avroFixture('declaration');
    (event.items as { kind: string }[])[0]!.kind = 'CRYPTO_VOUCHER';
    const reader = eventAvroTypes.declaration;
    const decoded = reader.fromBuffer(writer.toBuffer(event), reader.createResolver(writer)) as {
      items: { kind: string }[];
    };
    expect(decoded.items.map((i) => i.kind)).toEqual(['OTHER_BNI', 'CURRENCY']);
  });
});

describe('schemas/alert.avsc', () => {
  const alert: Alert = {
    alertId: '3f0c6a1e9b7d4c2a8e5f1d0b6a9c3e7f',
    ruleId: 'CC-STRUCTURING',
    ruleVersion: 1,
    typology: 'CASH_COURIER',
    revision: 2,
    detectedAt: Date.UTC(2025, 2, 14, 16, 0),
    severity: 'HIGH',
    score: 82,
    entityType: 'PERSON',
    entityKey: '6b1f0e0c4d8a2b7e9c3d5f1a0b2c4d6e',
    eventIds: ['MX-DEC-2025-000479', 'MX-DEC-2025-000481'],
    eventTime: Date.UTC(2025, 2, 14, 15, 42, 17),
    reportingCountry: 'MX',
    countries: ['MX', 'AE'],
    amountUsd: 19_700_200_000n,
    explanation: 'Two declarations just under the threshold within 48 hours by the same traveller.',
    evidence: { observed: '19700.20', threshold: '10000.00', windowHours: 48 },
  };

  it('has exactly the fields of an Alert', () => {
    expect(alertAvroSchema.fields.map((f) => f.name).sort()).toEqual(
      [...Object.keys(alert), 'hsCode'].sort(),
    );
  });

  it('has the enums of src/core/alert.ts', () => {
    const enums = Object.fromEntries(
      alertAvroSchema.fields
        .filter((f) => (f.type as { type?: string }).type === 'enum')
        .map((f) => [f.name, (f.type as { symbols: string[] }).symbols]),
    );
    expect(enums).toEqual({
      typology: [...typologies],
      severity: [...severities],
      entityType: [...entityTypes],
    });
  });

  it('round-trips an alert with the amount as decimal text and the evidence as JSON text', () => {
    const value = {
      ...alert,
      hsCode: null,
      amountUsd: '19700.200000',
      evidence: JSON.stringify(alert.evidence),
    };
    expect(alertAvroType.isValid(value)).toBe(true);
    expect({ ...alertAvroType.fromBuffer(alertAvroType.toBuffer(value)) }).toEqual(value);
    expect(alertAvroType.isValid({ ...value, amountUsd: 19700.2 })).toBe(false);
    expect(alertAvroType.isValid({ ...value, typology: 'SMUGGLING' })).toBe(false);
  });

  it('parses with avsc on its own', () => {
    const type = avro.Type.forSchema(JSON.parse(JSON.stringify(alertAvroSchema))) as { name?: string };
    expect(type.name).toBe(`${alertAvroSchema.namespace}.${alertAvroSchema.name}`);
  });
});

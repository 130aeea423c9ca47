import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../../src/core/events.ts';
import {
  type AvroRecordSchema,
  eventAvroSchemas,
  eventAvroTypes,
} from '../../../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../../../src/stages/decode/avro-value.ts';
import { eventFixture } from '../../fixtures/events.ts';

const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];

describe('toAvroValue', () => {
  it('gives a value each event schema accepts, for the example event of every kind', () => {
    for (const kind of kinds) {
      const value = toAvroValue(eventAvroSchemas[kind], eventFixture(kind));
      const problems: string[] = [];
      eventAvroTypes[kind].isValid(value, { errorHook: (path) => problems.push(path.join('.')) });
      expect({ kind, problems }).toEqual({ kind, problems: [] });
    }
  });

  it('turns ISO times into epoch ms, numbers in string fields into text, absent optionals into null', () => {
    const json = eventFixture('declaration');
    delete (json.traveller as Record<string, unknown>).fullName;
    delete json.purpose;
    (json.items as Record<string, unknown>[])[0]!.amount = 9850.1;
    const value = toAvroValue(eventAvroSchemas.declaration, json) as {
      declaredAt: number;
      items: unknown[];
      traveller: Record<string, unknown>;
      travel: Record<string, unknown>;
      purpose: unknown;
    };
    expect(value.declaredAt).toBe(Date.parse('2025-03-14T09:42:17-06:00'));
    expect(value.items[0]).toEqual({ kind: 'CURRENCY', currency: 'USD', amount: '9850.1' });
    expect(value.traveller.fullName).toBeNull();
    expect(value.purpose).toBeNull();
    expect(value.travel.departureDate).toBe('2025-03-14');
  });

  it('follows a named record type referred to by name (the invoice importer reuses InvoiceTrader)', () => {
    const json = eventFixture('invoice');
    (json.importer as Record<string, unknown>).extra = 'dropped';
    const value = toAvroValue(eventAvroSchemas.invoice, json) as { importer: Record<string, unknown> };
    expect(Object.keys(value.importer).sort()).toEqual(['country', 'id', 'name']);
    expect(value.importer.id).toBe((json.importer as Record<string, unknown>).id);
  });

  it('resolves a reference by full name and leaves absent arrays empty', () => {
    const schema: AvroRecordSchema = {
      type: 'record',
      name: 'Outer',
      namespace: 'org.example',
      fields: [
        {
          name: 'first',
          type: {
            type: 'record',
            name: 'Inner',
            fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }],
          },
        },
        { name: 'second', type: ['null', 'org.example.Inner'] },
        { name: 'tags', type: { type: 'array', items: 'string' } },
      ],
    };
    const value = toAvroValue(schema, {
      first: { at: '2026-01-01T00:00:00Z' },
      second: { at: '2026-01-02T00:00:00Z' },
    });
    expect(value).toEqual({
      first: { at: Date.parse('2026-01-01T00:00:00Z') },
      second: { at: Date.parse('2026-01-02T00:00:00Z') },
      tags: [],
    });
  });
});

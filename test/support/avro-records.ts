// Turns an event in its JSON form (events.md) into the value its Avro schema expects, so tests can
// produce real Avro records: ISO times become epoch ms, JSON numbers become decimal text, absent
// optional fields become null.
import type { AvroRecordSchema } from '../../src/schemas/avro-schemas.ts';

type Schema = string | Schema[] | { type: string; [key: string]: unknown };

export function toAvroValue(schema: AvroRecordSchema, json: unknown): unknown {
  const named = new Map<string, Schema>();
  return convert(schema as unknown as Schema, json, named);
}

function convert(schema: Schema, value: unknown, named: Map<string, Schema>): unknown {
  if (Array.isArray(schema)) {
    if (value === undefined || value === null) return null;
    const branch = schema.find((s) => s !== 'null')!;
    return convert(branch, value, named);
  }
  if (typeof schema === 'string') {
    const known = named.get(schema);
    if (known) return convert(known, value, named);
    if (schema === 'string') return typeof value === 'number' ? String(value) : value;
    return value;
  }
  if (typeof schema.name === 'string') named.set(schema.name, schema);
  switch (schema.type) {
    case 'record': {
      const object = (value ?? {}) as Record<string, unknown>;
      const fields = schema.fields as { name: string; type: Schema }[];
      return Object.fromEntries(fields.map((f) => [f.name, convert(f.type, object[f.name], named)]));
    }
    case 'array':
      return ((value ?? []) as unknown[]).map((item) => convert(schema.items as Schema, item, named));
    case 'long':
      return schema.logicalType === 'timestamp-millis' && typeof value === 'string'
        ? Date.parse(value)
        : value;
    default:
      return convert(schema.type, value, named);
  }
}

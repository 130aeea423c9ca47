// Turns an event in its JSON form (events.md) into the value its Avro schema expects, so that
// producers (`generate --kafka`, tests, the benchmark) write the same events as real Avro records:
// ISO times become epoch ms (timestamp-millis), JSON numbers in string fields become text (amounts
// are decimal strings on the wire), absent optional fields become null, absent arrays empty.
import type { AvroRecordSchema } from './avro-schemas.ts';

/** A schema node as the .avsc JSON holds it: a type name, a union, or a type object. */
type SchemaNode = string | SchemaNode[] | { type: string; [key: string]: unknown };

export function toAvroValue(schema: AvroRecordSchema, json: unknown): unknown {
  // Named types (records, enums) may be referred to by name after their first definition.
  return convert(schema as unknown as SchemaNode, json, new Map(), schema.namespace);
}

function convert(
  schema: SchemaNode,
  value: unknown,
  named: Map<string, SchemaNode>,
  namespace: string | undefined,
): unknown {
  if (Array.isArray(schema)) {
    if (value === undefined || value === null) return null;
    // The service's unions are all ["null", T]: a present value takes the other branch.
    const branch = schema.find((s) => s !== 'null');
    return branch === undefined ? null : convert(branch, value, named, namespace);
  }
  if (typeof schema === 'string') {
    const known = named.get(schema);
    if (known) return convert(known, value, named, namespace);
    if (schema === 'string' && typeof value === 'number') return String(value);
    return value;
  }
  const ownNamespace = typeof schema.namespace === 'string' ? schema.namespace : namespace;
  if (typeof schema.name === 'string') {
    named.set(schema.name, schema);
    if (ownNamespace) named.set(`${ownNamespace}.${schema.name}`, schema);
  }
  switch (schema.type) {
    case 'record': {
      const object = (value ?? {}) as Record<string, unknown>;
      const fields = schema.fields as { name: string; type: SchemaNode }[];
      return Object.fromEntries(
        fields.map((f) => [f.name, convert(f.type, object[f.name], named, ownNamespace)]),
      );
    }
    case 'array':
      return ((value ?? []) as unknown[]).map((item) =>
        convert(schema.items as SchemaNode, item, named, ownNamespace),
      );
    case 'long':
      return schema.logicalType === 'timestamp-millis' && typeof value === 'string'
        ? Date.parse(value)
        : value;
    default:
      return convert(schema.type, value, named, ownNamespace);
  }
}

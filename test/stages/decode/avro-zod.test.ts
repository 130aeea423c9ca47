// The Avro schemas and the zod input schemas describe the same events: this walks both and
// checks that every field exists on both sides with the same optionality, nullability and kind.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { outcomeSchema } from '../../../src/core/contract/outcome.ts';
import type { EventKind } from '../../../src/core/events.ts';
import {
  type AvroRecordSchema,
  eventAvroSchemas,
  loadAvroSchema,
} from '../../../src/stages/decode/avro-schemas.ts';
import { inputSchemas } from '../../../src/stages/validate/validate-record.ts';

/** What both sides are reduced to. */
type Shape =
  | { kind: 'record'; fields: Record<string, Field> }
  | { kind: 'array'; items: Shape }
  | { kind: 'map'; values: Shape }
  | { kind: 'enum'; symbols: string[] }
  | { kind: 'scalar'; accepts: string[] };

interface Field {
  /** May be absent (zod accepts undefined; Avro has a default). */
  optional: boolean;
  /** May be null. */
  nullable: boolean;
  shape: Shape;
}

// ---- Avro side -------------------------------------------------------------------------------

function avroShape(schema: AvroRecordSchema): Shape {
  const named = new Map<string, Shape>();
  const namespace = schema.namespace ?? '';

  function typeShape(type: unknown, ns: string): { nullable: boolean; shape: Shape } {
    if (Array.isArray(type)) {
      const branches = type.filter((t) => t !== 'null');
      if (branches.length !== 1)
        throw new Error(`unions other than [null, T] are not expected: ${JSON.stringify(type)}`);
      return { nullable: branches.length < type.length, shape: typeShape(branches[0], ns).shape };
    }
    if (typeof type === 'string') {
      if (type === 'string') return { nullable: false, shape: { kind: 'scalar', accepts: ['string'] } };
      if (type === 'int' || type === 'long')
        return { nullable: false, shape: { kind: 'scalar', accepts: ['number'] } };
      if (type === 'boolean') return { nullable: false, shape: { kind: 'scalar', accepts: ['boolean'] } };
      const found = named.get(type.includes('.') ? type : `${ns}.${type}`);
      if (!found) throw new Error(`unsupported or unknown Avro type ${type}`);
      return { nullable: false, shape: found };
    }
    const t = type as {
      type: string;
      name?: string;
      namespace?: string;
      fields?: unknown;
      items?: unknown;
      values?: unknown;
      symbols?: string[];
    };
    const fullName = t.name ? (t.name.includes('.') ? t.name : `${t.namespace ?? ns}.${t.name}`) : '';
    const innerNs = t.namespace ?? ns;
    if (t.type === 'record') {
      const fields: Record<string, Field> = {};
      const shape: Shape = { kind: 'record', fields };
      named.set(fullName, shape);
      for (const f of t.fields as AvroRecordSchema['fields']) {
        const { nullable, shape: fieldShape } = typeShape(f.type, innerNs);
        fields[f.name] = { optional: 'default' in f, nullable, shape: fieldShape };
      }
      return { nullable: false, shape };
    }
    if (t.type === 'enum') {
      const shape: Shape = { kind: 'enum', symbols: [...(t.symbols ?? [])] };
      named.set(fullName, shape);
      return { nullable: false, shape };
    }
    if (t.type === 'array')
      return { nullable: false, shape: { kind: 'array', items: typeShape(t.items, innerNs).shape } };
    if (t.type === 'map')
      return { nullable: false, shape: { kind: 'map', values: typeShape(t.values, innerNs).shape } };
    if (t.type === 'long' || t.type === 'int')
      return { nullable: false, shape: { kind: 'scalar', accepts: ['number'] } };
    if (t.type === 'string') return { nullable: false, shape: { kind: 'scalar', accepts: ['string'] } };
    throw new Error(`unsupported Avro type ${JSON.stringify(type)}`);
  }

  return typeShape(schema, namespace).shape;
}

// ---- zod side --------------------------------------------------------------------------------

type AnyZod = z.core.$ZodType;

function zodField(schema: AnyZod): Field {
  let optional = false;
  let nullable = false;
  let current: AnyZod = schema;
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & { innerType?: AnyZod; in?: AnyZod };
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else if (def.type === 'default' || def.type === 'prefault') optional = true;
    else if (def.type !== 'pipe') break;
    // A pipe's input side is what the record must hold; the output side is our transform.
    current = (def.type === 'pipe' ? def.in : def.innerType) as AnyZod;
  }
  return { optional, nullable, shape: zodShape(current) };
}

function zodShape(schema: AnyZod): Shape {
  const def = schema._zod.def as z.core.$ZodTypeDef & {
    shape?: Record<string, AnyZod>;
    element?: AnyZod;
    valueType?: AnyZod;
    entries?: Record<string, string>;
    options?: AnyZod[];
  };
  switch (def.type) {
    case 'object':
      return {
        kind: 'record',
        fields: Object.fromEntries(Object.entries(def.shape ?? {}).map(([name, s]) => [name, zodField(s)])),
      };
    case 'array':
      return { kind: 'array', items: zodField(def.element as AnyZod).shape };
    case 'record':
      // Avro map keys are always strings; the zod key pattern is checked on input only.
      return { kind: 'map', values: zodField(def.valueType as AnyZod).shape };
    case 'enum':
      return { kind: 'enum', symbols: Object.values(def.entries ?? {}) };
    case 'union':
      // e.g. a decimal (string or number) or an event time (ISO text, epoch ms or Date).
      return {
        kind: 'scalar',
        accepts: [...new Set((def.options ?? []).flatMap((o) => scalarAccepts(zodField(o).shape)))],
      };
    case 'string':
    case 'number':
    case 'boolean':
    case 'date':
      return { kind: 'scalar', accepts: [def.type] };
    default:
      throw new Error(`unsupported zod type ${def.type}`);
  }
}

function scalarAccepts(shape: Shape): string[] {
  if (shape.kind !== 'scalar') throw new Error(`a union of ${shape.kind} is not expected`);
  return shape.accepts;
}

// ---- comparison ------------------------------------------------------------------------------

function differences(avro: Shape, zod: Shape, path = ''): string[] {
  const at = path || '(root)';
  if (avro.kind !== zod.kind) return [`${at}: Avro ${avro.kind}, zod ${zod.kind}`];
  switch (avro.kind) {
    case 'scalar': {
      const accepts = (zod as typeof avro).accepts;
      const missing = avro.accepts.filter((a) => !accepts.includes(a));
      return missing.length === 0 ? [] : [`${at}: Avro ${missing.join('|')}, zod takes ${accepts.join('|')}`];
    }
    case 'enum': {
      const symbols = (zod as typeof avro).symbols;
      const same = JSON.stringify([...avro.symbols].sort()) === JSON.stringify([...symbols].sort());
      return same ? [] : [`${at}: Avro symbols ${avro.symbols.join(',')}, zod ${symbols.join(',')}`];
    }
    case 'array':
      return differences(avro.items, (zod as typeof avro).items, `${path}[]`);
    case 'map':
      return differences(avro.values, (zod as typeof avro).values, `${path}{}`);
    case 'record': {
      const zodFields = (zod as typeof avro).fields;
      const out: string[] = [];
      for (const name of new Set([...Object.keys(avro.fields), ...Object.keys(zodFields)])) {
        const a = avro.fields[name];
        const z = zodFields[name];
        const fieldPath = path ? `${path}.${name}` : name;
        if (!a) out.push(`${fieldPath}: in zod only`);
        else if (!z) out.push(`${fieldPath}: in Avro only`);
        else {
          if (a.optional !== z.optional)
            out.push(`${fieldPath}: optional in ${a.optional ? 'Avro' : 'zod'} only`);
          if (a.nullable !== z.nullable)
            out.push(`${fieldPath}: nullable in ${a.nullable ? 'Avro' : 'zod'} only`);
          out.push(...differences(a.shape, z.shape, fieldPath));
        }
      }
      return out;
    }
  }
}

function countFields(shape: Shape): number {
  if (shape.kind === 'array') return countFields(shape.items);
  if (shape.kind === 'map') return countFields(shape.values);
  if (shape.kind !== 'record') return 0;
  return Object.values(shape.fields).reduce((n, f) => n + 1 + countFields(f.shape), 0);
}

const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];

describe('Avro event schemas and zod input schemas agree', () => {
  it.each(kinds)('%s: same fields, optionality, nullability, enums and value kinds', (kind) => {
    const avro = avroShape(eventAvroSchemas[kind]);
    const zod = zodShape(inputSchemas[kind]);
    expect(differences(avro, zod)).toEqual([]);
  });

  it('walks every nested field', () => {
    // Top-level fields plus the fields of nested records (traveller, items[], shipper, lines[], ...).
    const expected = {
      declaration: 11 + 6 + 6 + 3 + 4,
      manifest: 15 + 4 + 4 + 4,
      // 18 + declarant, customsOffice, transportMode, attributes; declarant.id.
      invoice: 22 + 1 + 3 + 3 + 3 + 6,
    };
    for (const kind of kinds) {
      expect(countFields(avroShape(eventAvroSchemas[kind]))).toBe(expected[kind]);
      expect(countFields(zodShape(inputSchemas[kind]))).toBe(expected[kind]);
    }
  });

  it('notices a field missing on one side, a changed optionality and a changed enum', () => {
    const changed = structuredClone(eventAvroSchemas.declaration);
    changed.fields = changed.fields.filter((f) => f.name !== 'purpose');
    const borderPoint = changed.fields.find((f) => f.name === 'borderPoint')!;
    borderPoint.type = ['null', 'string'];
    borderPoint.default = null;
    const direction = changed.fields.find((f) => f.name === 'direction')!;
    direction.type = { type: 'enum', name: 'Direction', symbols: ['INBOUND', 'OUTBOUND'] };
    changed.fields.push({ name: 'extra', type: 'string' });
    expect(differences(avroShape(changed), zodShape(inputSchemas.declaration))).toEqual([
      'borderPoint: optional in Avro only',
      'borderPoint: nullable in Avro only',
      'direction: Avro symbols INBOUND,OUTBOUND, zod INBOUND,OUTBOUND,TRANSIT',
      'extra: in Avro only',
      'purpose: in zod only',
    ]);
  });
});

describe('schemas/outcome.avsc and the zod outcome schema agree', () => {
  const outcomeAvro = loadAvroSchema(new URL('../../../schemas/outcome.avsc', import.meta.url));

  it('has the same fields, optionality, nullability, enums and value kinds', () => {
    expect(differences(avroShape(outcomeAvro), zodShape(outcomeSchema))).toEqual([]);
    expect(countFields(avroShape(outcomeAvro))).toBe(16);
  });
});

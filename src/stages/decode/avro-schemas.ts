// The Avro schemas in schemas/*.avsc, loaded once: by event kind for the input topics, and the
// alert schema. They are the reader schemas of the service; the .avsc files ship in the package.
import { readFileSync } from 'node:fs';
import avro, { type Type } from 'avsc';
import type { EventKind } from '../../core/events.ts';

/** The JSON form of an Avro record schema, as far as this service relies on it. */
export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  doc?: string;
  fields: AvroField[];
}

export interface AvroField {
  name: string;
  /** A type name, a union (array), or a nested type object. */
  type: unknown;
  doc?: string;
  default?: unknown;
}

// src/stages/decode/ and dist/stages/decode/ are both three levels below the package root.
const schemasDir = new URL('../../../schemas/', import.meta.url);

export const avroSchemaFiles = {
  declaration: 'currency-declaration.avsc',
  manifest: 'courier-manifest.avsc',
  invoice: 'trade-invoice.avsc',
  alert: 'alert.avsc',
} as const satisfies Record<EventKind | 'alert', string>;

/** Reads and parses one .avsc file (a path, or a file URL). */
export function loadAvroSchema(file: string | URL): AvroRecordSchema {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { type?: unknown }).type !== 'record' ||
    !Array.isArray((parsed as { fields?: unknown }).fields)
  ) {
    throw new Error(`${String(file)} is not an Avro record schema`);
  }
  return parsed as AvroRecordSchema;
}

function load(file: string): AvroRecordSchema {
  return loadAvroSchema(new URL(file, schemasDir));
}

/** Input event schemas by event kind. */
export const eventAvroSchemas: Readonly<Record<EventKind, AvroRecordSchema>> = {
  declaration: load(avroSchemaFiles.declaration),
  manifest: load(avroSchemaFiles.manifest),
  invoice: load(avroSchemaFiles.invoice),
};

export const alertAvroSchema: AvroRecordSchema = load(avroSchemaFiles.alert);

/** avsc types of the schemas above: the reader types that writer schemas are resolved to. */
export const eventAvroTypes: Readonly<Record<EventKind, Type>> = {
  declaration: avroType(eventAvroSchemas.declaration),
  manifest: avroType(eventAvroSchemas.manifest),
  invoice: avroType(eventAvroSchemas.invoice),
};

export const alertAvroType: Type = avroType(alertAvroSchema);

type AvscSchema = Parameters<typeof avro.Type.forSchema>[0];

/** An avsc type for a record schema (logical types such as timestamp-millis read as their base type). */
export function avroType(schema: AvroRecordSchema): Type {
  return avro.Type.forSchema(schema as AvscSchema);
}

/** Full name (namespace.name) of a record schema. */
export function avroFullName(schema: AvroRecordSchema): string {
  return schema.namespace ? `${schema.namespace}.${schema.name}` : schema.name;
}

// validateRecord parses with zod's ahead-of-time compiled schemas. They must accept and reject
// exactly what the runtime parser of the same schemas does, with the same output, key order included
// (the stored event body is its JSON text).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventKind } from '../../../src/core/events.ts';
import { toJsonText } from '../../../src/core/json.ts';
import { inputSchemas, validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { avroFixture, eventFixture } from '../../fixtures/events.ts';

const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];
const sampleFiles: Record<EventKind, string> = {
  declaration: 'declarations.ndjson',
  manifest: 'manifests.ndjson',
  invoice: 'invoices.ndjson',
};

// Values that are wrong (or just right) somewhere in every schema: types, bounds, formats, padding.
const replacements: unknown[] = [
  null,
  '',
  '   ',
  'x',
  'FR',
  'EUR',
  'FRPAR',
  ' 12.50 ',
  '12.1234567',
  '-5',
  '1e3',
  '3102.30',
  '2026-02-30',
  '2026-03-01T10:00:00+01:00',
  '2026-03-01T10:00:00',
  'a'.repeat(600),
  0,
  -1,
  1.5,
  2 ** 53,
  Date.UTC(2026, 2, 1),
  true,
  [],
  {},
  ['FR'],
];

/** Every path to a value in `value`, objects and arrays included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

const DELETE = Symbol('delete');

/** A copy of `value` with the value at `path` replaced, or deleted when `replacement` is DELETE. */
function mutated(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement === DELETE ? undefined : replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) delete parent[last];
  else parent[last] = structuredClone(replacement);
  return copy;
}

function inputsOf(kind: EventKind): unknown[] {
  const sample = readFileSync(new URL(`../../../data/sample/${sampleFiles[kind]}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
  const fixture = eventFixture(kind);
  const mutations = paths(fixture).flatMap((path) =>
    [...replacements, DELETE].map((replacement) => mutated(fixture, path, replacement)),
  );
  const avro = { ...avroFixture(kind) };
  const timeField = kind === 'manifest' ? 'reportedAt' : 'declaredAt';
  return [
    ...sample,
    fixture,
    avro,
    { ...avro, [timeField]: new Date(avro[timeField] as number) },
    { ...fixture, unknownExtraField: 'dropped' },
    ...mutations,
  ];
}

describe('validateRecord with compiled schemas', () => {
  it.each(kinds)('has a compiled fast path for %s records (zod refuses nothing in the schema)', (kind) => {
    expect(() => z.compile(inputSchemas[kind], { strict: true })).not.toThrow();
  });

  it.each(kinds)('agrees with the runtime zod parser on %s records, valid and not', (kind) => {
    let accepted = 0;
    let rejected = 0;
    for (const value of inputsOf(kind)) {
      const runtime = inputSchemas[kind].safeParse(structuredClone(value));
      const result = validateRecord(kind, value);
      expect(result.ok).toBe(runtime.success);
      if (result.ok && runtime.success) {
        expect(toJsonText(result.input)).toBe(toJsonText(runtime.data));
        accepted++;
      } else if (!result.ok && !runtime.success) {
        const path = runtime.error.issues[0]?.path.map(String).join('.');
        expect(result.error.field).toBe(path === '' ? undefined : path);
        rejected++;
      }
    }
    // Both outcomes are exercised in bulk.
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(100);
  });
});

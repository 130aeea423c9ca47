import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventKind } from '../../src/core/events.ts';
import type { GroundTruth } from '../../src/generate/ground-truth.ts';
import { defaultScenarioStart, generateScenario, plantedFamilies } from '../../src/generate/scenario.ts';
import { scenarioFiles, writeScenario } from '../../src/generate/write-scenario.ts';
import { validateRecord } from '../../src/stages/validate/validate-record.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const write = (seed: number, events = 3_000) => {
  const dir = mkdtempSync(join(tmpdir(), `scenario-${seed}-`));
  dirs.push(dir);
  writeScenario(dir, generateScenario({ seed, events, start: defaultScenarioStart }));
  return dir;
};
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const files = [
  scenarioFiles.declarations,
  scenarioFiles.manifests,
  scenarioFiles.invoices,
  scenarioFiles.truth,
];

describe('scenario generator', () => {
  const a = write(7);
  const b = write(7);
  const c = write(8);

  it('is reproducible: the same seed gives byte-identical files, another seed different ones', () => {
    for (const f of files) expect(read(a, f)).toBe(read(b, f));
    for (const f of files) expect(read(c, f)).not.toBe(read(a, f));
  });

  const kinds: Array<[EventKind, string, string, string]> = [
    ['declaration', scenarioFiles.declarations, 'declarationId', 'declaredAt'],
    ['manifest', scenarioFiles.manifests, 'consignmentId', 'reportedAt'],
    ['invoice', scenarioFiles.invoices, 'invoiceId', 'declaredAt'],
  ];

  it('writes lines that all validate, with unique ids, roughly in time order (within the lateness)', () => {
    for (const [kind, file, idKey, timeKey] of kinds) {
      const lines = read(a, file).trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(100);
      const ids = new Set<string>();
      let latest = 0;
      for (const text of lines) {
        const json = JSON.parse(text) as Record<string, unknown>;
        const result = validateRecord(kind, json);
        expect(result.ok ? 'ok' : JSON.stringify(result.error)).toBe('ok');
        ids.add(json[idKey] as string);
        const t = Date.parse(json[timeKey] as string);
        expect(t).toBeGreaterThan(latest - 60_000);
        latest = Math.max(latest, t);
      }
      expect(ids.size).toBe(lines.length);
    }
  });

  it('plants every family, and every ground-truth event id exists in the files', () => {
    const truth = JSON.parse(read(a, scenarioFiles.truth)) as GroundTruth;
    const ids = new Set<string>();
    for (const [, file, idKey] of kinds)
      for (const text of read(a, file).trimEnd().split('\n'))
        ids.add((JSON.parse(text) as Record<string, string>)[idKey]!);
    expect(ids.size).toBe(truth.events);
    expect(new Set(truth.cases.map((c) => c.family))).toEqual(new Set(plantedFamilies));
    for (const c of truth.cases) {
      expect(c.eventIds.length).toBeGreaterThan(0);
      expect(c.expectedRuleIds.length).toBeGreaterThan(0);
      for (const id of c.eventIds) expect(ids.has(id), `${c.id} ${id}`).toBe(true);
    }
    expect(truth.cases.some((c) => c.difficulty === 'hard')).toBe(true);
  });
});

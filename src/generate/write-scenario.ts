// Writes a generated scenario as the three NDJSON files the replay reads and ground-truth.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayFile } from '../io/files/ndjson-source.ts';
import type { GroundTruth } from './ground-truth.ts';
import type { Scenario } from './scenario.ts';

export const scenarioFiles = {
  declarations: 'declarations.ndjson',
  manifests: 'manifests.ndjson',
  invoices: 'invoices.ndjson',
  truth: 'ground-truth.json',
} as const;

const ndjson = (rows: readonly Record<string, unknown>[]) =>
  rows.map((r) => `${JSON.stringify(r)}\n`).join('');

export function writeScenario(dir: string, scenario: Scenario): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, scenarioFiles.declarations), ndjson(scenario.declarations));
  writeFileSync(join(dir, scenarioFiles.manifests), ndjson(scenario.manifests));
  writeFileSync(join(dir, scenarioFiles.invoices), ndjson(scenario.invoices));
  writeGroundTruth(dir, scenario.truth);
}

/** Writes ground-truth.json alone (when the events go to Kafka instead of files); returns its path. */
export function writeGroundTruth(dir: string, truth: GroundTruth): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, scenarioFiles.truth);
  writeFileSync(path, `${JSON.stringify(truth, null, 2)}\n`);
  return path;
}

/** The replay inputs of a scenario directory. */
export function scenarioReplayFiles(dir: string): ReplayFile[] {
  return [
    { kind: 'declaration', path: join(dir, scenarioFiles.declarations) },
    { kind: 'manifest', path: join(dir, scenarioFiles.manifests) },
    { kind: 'invoice', path: join(dir, scenarioFiles.invoices) },
  ];
}

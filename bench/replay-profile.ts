// A profiling harness: replays generated normal traffic (NDJSON) into chDB and prints events/s.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/replay-profile.ts
// BENCH_EVENTS sets the size (default 50,000); BENCH_REPEAT runs it several times (one process);
// BENCH_BATCH sets the replay's step size (default: replay()'s own).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import type { EventKind } from '../src/core/events.ts';
import { createLogger } from '../src/core/logger.ts';
import { defaultScenarioStart, generateScenario } from '../src/generate/scenario.ts';
import { replay } from '../src/runtime/embedded-replay.ts';

const repo = new URL('..', import.meta.url).pathname;
const total = Number(process.env.BENCH_EVENTS ?? 50_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const batchSize = process.env.BENCH_BATCH === undefined ? undefined : Number(process.env.BENCH_BATCH);
const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];
// The evaluation's scenario (seed 7): ordinary traffic with a few planted cases, as in production.
const scenario = generateScenario({ seed: 7, events: total, start: defaultScenarioStart });
const events = [
  ...scenario.declarations.map((json) => ({ kind: 'declaration' as const, json })),
  ...scenario.manifests.map((json) => ({ kind: 'manifest' as const, json })),
  ...scenario.invoices.map((json) => ({ kind: 'invoice' as const, json })),
];
const dir = mkdtempSync(join(tmpdir(), 'replay-profile-'));
const files = kinds.map((kind) => ({ kind, path: join(dir, `${kind}.ndjson`) }));
for (const file of files) {
  const lines = events.filter((e) => e.kind === file.kind).map((e) => JSON.stringify(e.json));
  writeFileSync(file.path, `${lines.join('\n')}\n`);
}
const config = loadConfig({ dir: join(repo, 'config'), env: {} });
const logger = createLogger({ level: 'warn' });
for (let run = 0; run < repeat; run++) {
  const started = performance.now();
  const summary = await replay({
    files,
    store: join(dir, `store-${run}`),
    config,
    pseudonymKey: 'bench-key-0123456789abcdef0123456789abcdef',
    logger,
    ...(batchSize === undefined ? {} : { batchSize }),
  });
  const ms = performance.now() - started;
  console.log(
    `replay: ${Math.round((summary.totalRead / ms) * 1000)} events/s (${summary.totalRead} in ${Math.round(ms)} ms, ${summary.alerts.size} alerts)`,
  );
}
rmSync(dir, { recursive: true, force: true });

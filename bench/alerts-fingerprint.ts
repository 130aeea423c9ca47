// Check for engine optimisations: runs the engine over fixed inputs and writes every alert revision
// (sorted, without detectedAt) and rule failure to a file, so two builds can be compared with `cmp`.
//   node bench/alerts-fingerprint.ts /tmp/perf/alerts-before.ndjson
// Inputs: the seed-7 scenario (50k; also with a lagging watermark, out of order, and with
// redeliveries), seeds 1-3 (20k) and synthetic normal traffic (20k, thousands of alerts). Prepared
// events are cached in FP_CACHE (default /tmp/perf), so both builds see the very same events.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DomainEvent, EventKind } from '../src/core/events.ts';
import { DetectionEngine } from '../src/detect/engine.ts';
import { allRules } from '../src/detect/rules/index.ts';
import { normalTraffic } from '../src/generate/normal-traffic.ts';
import { defaultScenarioStart, generateScenario } from '../src/generate/scenario.ts';
import { benchConfig, benchStages } from './bench-stages.ts';

const out = process.argv[2] ?? '/tmp/perf/alerts.ndjson';
const config = benchConfig;
const stages = benchStages;

// Prepared events are cached under /tmp/perf (bigints tagged), as preparing takes longer than detecting.
async function cached(name: string, make: () => Promise<DomainEvent[]>): Promise<DomainEvent[]> {
  const file = `${process.env.FP_CACHE ?? '/tmp/perf'}/events-${name}.json`;
  if (existsSync(file))
    return JSON.parse(readFileSync(file, 'utf8'), (_k, x) =>
      x !== null && typeof x === 'object' && '$big' in x ? BigInt(x.$big) : x,
    );
  const events = await make();
  writeFileSync(
    file,
    JSON.stringify(events, (_k, x) => (typeof x === 'bigint' ? { $big: String(x) } : x)),
  );
  return events;
}

async function prepare(raw: { kind: EventKind; json: unknown }[]): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  for (const r of raw) {
    const value = Buffer.from(JSON.stringify(r.json));
    const d = await stages.decode({
      kind: r.kind,
      value,
      origin: { topic: r.kind[0]!, partition: 0, offset: '0' },
    } as never);
    if (!d.ok) continue;
    const p = stages.prepare(r.kind, d.value);
    if (p.ok) events.push(p.value);
  }
  return events.sort((a, b) => a.eventTime - b.eventTime);
}

function scenarioRaw(seed: number, events: number) {
  const s = generateScenario({ seed, events, start: defaultScenarioStart });
  return [
    ...s.declarations.map((json) => ({ kind: 'declaration' as const, json })),
    ...s.manifests.map((json) => ({ kind: 'manifest' as const, json })),
    ...s.invoices.map((json) => ({ kind: 'invoice' as const, json })),
  ];
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));

function run(name: string, events: DomainEvent[], lagMs: number): string[] {
  const engine = new DetectionEngine(allRules, config, { clock: () => 0 });
  const lines: [string, number, string][] = [];
  const failures: string[] = [];
  for (const e of events) {
    const output = engine.process(e, e.eventTime - lagMs);
    for (const a of output.alerts) {
      const { detectedAt: _, ...rest } = a;
      lines.push([a.alertId, a.revision, json(rest)]);
    }
    for (const f of output.failures) failures.push(`${name} failure ${e.id} ${f.ruleId} ${f.error.message}`);
  }
  lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : 1)));
  console.log(
    `${name}: ${events.length} events, ${lines.length} alert revisions, ${failures.length} failures`,
  );
  return [...lines.map((l) => `${name} ${l[2]}`), ...failures];
}

const result: string[] = [];
const seed7 = await cached('seed7-50k', () => prepare(scenarioRaw(7, 50_000)));
result.push(...run('seed7-50k', seed7, 0));
// A lagging watermark: state lives past the rules' own windows, so expiry and rule filters differ.
result.push(...run('seed7-50k-lag6h', seed7, 6 * 3_600_000));
// Out of event-time order (as late events reach the engine): each event moved by up to ±3 hours.
const jittered = seed7
  .map((e, i) => ({ e, at: e.eventTime + ((i * 2_654_435_761) % 21_600_000) - 10_800_000 }))
  .sort((a, b) => a.at - b.at)
  .map((x) => x.e);
result.push(...run('seed7-50k-jitter', jittered, 0));
// Redeliveries: every 25th event again at once, every 40th again 100 events later.
const redelivered: DomainEvent[] = [];
seed7.forEach((e, i) => {
  redelivered.push(e);
  if (i % 25 === 0) redelivered.push(e);
  if (i >= 100 && (i - 100) % 40 === 0) redelivered.push(seed7[i - 100]!);
});
result.push(...run('seed7-50k-redelivered', redelivered, 0));
for (const seed of [1, 2, 3])
  result.push(
    ...run(`seed${seed}-20k`, await cached(`seed${seed}-20k`, () => prepare(scenarioRaw(seed, 20_000))), 0),
  );
// Synthetic traffic raises thousands of alerts: many more evidence paths.
const normal = () => prepare([...normalTraffic({ seed: 7, count: 20_000, start: defaultScenarioStart })]);
result.push(...run('normal7-20k', await cached('normal7-20k', normal), 0));
writeFileSync(out, `${result.join('\n')}\n`);

// Times each stage separately on the evaluation scenario: decode+validate+pseudonymise, engine, sink rows.
//   BENCH_EVENTS=50000 node bench/stage-profile.ts
// BENCH_ROUNDS sets the engine runs (default 2; the first includes JIT warm-up), BENCH_PER_RULE=0
// skips the per-rule timing run.

import type { DomainEvent } from '../src/core/events.ts';
import { DetectionEngine } from '../src/detect/engine.ts';
import { allRules } from '../src/detect/rules/index.ts';
import { defaultScenarioStart, generateScenario } from '../src/generate/scenario.ts';
import { benchConfig, benchStages } from './bench-stages.ts';

const total = Number(process.env.BENCH_EVENTS ?? 50_000);
const scenario = generateScenario({ seed: 7, events: total, start: defaultScenarioStart });
const raw = [
  ...scenario.declarations.map((json) => ({ kind: 'declaration' as const, json })),
  ...scenario.manifests.map((json) => ({ kind: 'manifest' as const, json })),
  ...scenario.invoices.map((json) => ({ kind: 'invoice' as const, json })),
];
const config = benchConfig;
const stages = benchStages;
const buffers = raw.map((r) => ({
  kind: r.kind,
  value: Buffer.from(JSON.stringify(r.json)),
  topic: r.kind[0]!,
}));
let t = performance.now();
const events: DomainEvent[] = [];
for (const b of buffers) {
  const d = await stages.decode({
    kind: b.kind,
    value: b.value,
    origin: { topic: b.topic, partition: 0, offset: '0' },
  } as never);
  if (!d.ok) continue;
  const p = stages.prepare(b.kind, d.value);
  if (p.ok) events.push(p.value);
}
let ms = performance.now() - t;
console.log(
  `decode+validate+pseudonymise: ${Math.round((buffers.length / ms) * 1000)} ev/s (${events.length})`,
);
events.sort((a, b) => a.eventTime - b.eventTime);
// Events/s by wall time and by this process's CPU time (GC threads included): on a shared machine
// the CPU figure moves less with other work.
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
for (let round = 0; round < rounds; round++) {
  const engine = new DetectionEngine(allRules, config);
  t = performance.now();
  const cpu = process.cpuUsage();
  let alerts = 0;
  for (const e of events) alerts += engine.process(e, e.eventTime).alerts.length;
  ms = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  const cpuMs = (user + system) / 1000;
  console.log(
    `engine: ${Math.round((events.length / ms) * 1000)} ev/s (CPU time: ${Math.round((events.length / cpuMs) * 1000)} ev/s), ${alerts} alert revisions`,
  );
}
if (process.env.BENCH_PER_RULE === '0') process.exit(0);
{
  const timed = allRules.map((rule) => ({
    ...rule,
    evaluate: (e: never, c: never) => {
      const s = performance.now();
      try {
        return rule.evaluate(e, c);
      } finally {
        spent.set(rule.id, (spent.get(rule.id) ?? 0) + performance.now() - s);
      }
    },
  }));
  const spent = new Map<string, number>();
  const engine = new DetectionEngine(timed as never, config);
  t = performance.now();
  for (const e of events) engine.process(e, e.eventTime);
  ms = performance.now() - t;
  const ruleMs = [...spent.values()].reduce((a, b) => a + b, 0);
  console.log(`engine total ${Math.round(ms)} ms, in rules ${Math.round(ruleMs)} ms`);
  for (const [id, v] of [...spent].sort((a, b) => b[1] - a[1])) console.log(`  ${id} ${Math.round(v)} ms`);
}

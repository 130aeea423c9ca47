// npm run bench: throughput of the embedded replay and of the Kafka detector, with a bare kafkajs
// consumer group reading the same topics in the same run as the baseline. Real local services
// (scripts/services/up) on loopback. BENCH_EVENTS sets the size (default 50,000).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadConfig } from '../src/config/load.ts';
import type { EventKind } from '../src/core/events.ts';
import { createLogger } from '../src/core/logger.ts';
import type { GeneratedEvent } from '../src/generate/normal-traffic.ts';
import { defaultScenarioStart, generateScenario } from '../src/generate/scenario.ts';
import { scenarioStream } from '../src/generate/scenario-stream.ts';
import { silenceKafkajsTimeoutWarning } from '../src/io/kafka/kafka-client.ts';
import { registerSchemas } from '../src/io/kafka/schema-registry.ts';
import { replay } from '../src/runtime/embedded-replay.ts';
import { startKafkaService } from '../src/runtime/kafka-service.ts';
import { eventAvroSchemas } from '../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../src/stages/decode/avro-value.ts';
import type { LatencyProducerInput, SentRecords } from './latency-producer.ts';

silenceKafkajsTimeoutWarning();
const repo = new URL('..', import.meta.url).pathname;
const total = Number(process.env.BENCH_EVENTS ?? 50_000);
const key = 'bench-key-0123456789abcdef0123456789abcdef';
const logger = createLogger({ level: 'warn' });
const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

function services(): Record<string, string> {
  const file = join(repo, '.customs-aml/services/env');
  if (!process.env.KAFKA_BROKERS && !existsSync(file))
    execFileSync('bash', [join(repo, 'scripts/services/up')], { stdio: 'inherit' });
  const env: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [name, ...value] = line.split('=');
      if (name && value.length) env[name] = value.join('=');
    }
  }
  for (const name of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'CLICKHOUSE_URL'])
    env[name] = process.env[name] ?? env[name] ?? '';
  return env;
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function benchReplay(events: GeneratedEvent[]) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const files = kinds.map((kind) => ({ kind, path: join(dir, `${kind}.ndjson`) }));
  for (const file of files) {
    const lines = events.filter((e) => e.kind === file.kind).map((e) => JSON.stringify(e.json));
    writeFileSync(file.path, `${lines.join('\n')}\n`);
  }
  const config = loadConfig({ dir: join(repo, 'config'), env: {} });
  const started = performance.now();
  const summary = await replay({ files, store: join(dir, 'store'), config, pseudonymKey: key, logger });
  const ms = performance.now() - started;
  rmSync(dir, { recursive: true, force: true });
  return {
    events: summary.totalRead,
    ms,
    perSecond: perSecond(summary.totalRead, ms),
    alerts: summary.alerts.size,
  };
}

/** The three input topics (3 partitions each) and their schemas, registered under `<topic>-value`. */
async function createTopics(
  env: Record<string, string>,
  kafka: Kafka,
  topics: Record<EventKind, string>,
  alerts: string,
) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  await registerSchemas(env.SCHEMA_REGISTRY_URL!, {
    declarations: topics.declaration,
    manifests: topics.manifest,
    invoices: topics.invoice,
    alerts,
  });
}

async function produce(
  env: Record<string, string>,
  topics: Record<EventKind, string>,
  events: GeneratedEvent[],
) {
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  await createTopics(env, kafka, topics, `${topics.declaration}.alerts`);
  const registry = new SchemaRegistry({ host: env.SCHEMA_REGISTRY_URL! });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const kind of kinds) {
    const id = await registry.getLatestSchemaId(`${topics[kind]}-value`);
    await registry.getSchema(id); // cached before the concurrent encodes below
    const ofKind = events.filter((e) => e.kind === kind);
    for (let i = 0; i < ofKind.length; i += 2_000) {
      const messages = await Promise.all(
        ofKind.slice(i, i + 2_000).map(async (e) => ({
          value: await registry.encode(id, toAvroValue(eventAvroSchemas[kind], e.json)),
        })),
      );
      await producer.send({ topic: topics[kind], messages });
    }
  }
  await producer.disconnect();
  return kafka;
}

async function benchBareConsumer(kafka: Kafka, topics: string[], expected: number) {
  const consumer = kafka.consumer({ groupId: `bench-bare-${topics[0]}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const started = performance.now();
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= expected) resolve();
      },
    });
  });
  const ms = performance.now() - started;
  await consumer.disconnect();
  return { events: seen, ms, perSecond: perSecond(seen, ms) };
}

async function benchDetector(
  env: Record<string, string>,
  kafka: Kafka,
  topics: Record<EventKind, string>,
  expected: number,
) {
  const database = `bench_${Date.now()}`;
  await fetch(`${env.CLICKHOUSE_URL}/`, { method: 'POST', body: `CREATE DATABASE ${database}` });
  const config = loadConfig({
    dir: join(repo, 'config'),
    env: {},
    overrides: {
      kafka: {
        brokers: env.KAFKA_BROKERS!.split(','),
        groupId: `bench-detector-${topics.declaration}`,
        topics: {
          declarations: { name: topics.declaration },
          manifests: { name: topics.manifest },
          invoices: { name: topics.invoice },
          alerts: `${topics.declaration}.alerts`,
        },
      },
      schemaRegistry: { url: env.SCHEMA_REGISTRY_URL },
      sink: { driver: 'server', url: env.CLICKHOUSE_URL, database },
    },
  });
  const admin = kafka.admin();
  await admin.connect();
  const started = performance.now();
  const service = await startKafkaService({ config, pseudonymKey: key, logger });
  for (;;) {
    const offsets = await admin.fetchOffsets({
      groupId: config.kafka!.groupId,
      topics: Object.values(topics),
    });
    const committed = offsets
      .flatMap((t) => t.partitions)
      .reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    if (committed >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ms = performance.now() - started;
  await service.stop();
  await admin.disconnect();
  return { events: expected, ms, perSecond: perSecond(expected, ms) };
}

const parts = new Set((process.env.BENCH_PARTS ?? 'replay,bare,detector').split(','));
/**
 * Latency: events with event time = now produced at a fixed rate (by a worker thread, see
 * latency-producer.ts) to fresh topics while the detector runs; an event's latency is from its send
 * to the commit of an offset past it (commits come only after its alerts and row are durable in
 * ClickHouse).
 */
async function benchLatency(
  env: Record<string, string>,
  kafka: Kafka,
  events: GeneratedEvent[],
  rate: number,
  seconds: number,
  latenessMs: number,
) {
  const run = `lat-${Date.now()}`;
  const topics = {
    declaration: `${run}.declarations`,
    manifest: `${run}.manifests`,
    invoice: `${run}.invoices`,
  };
  await createTopics(env, kafka, topics, `${run}.alerts`);
  const database = `bench_lat_${Date.now()}`;
  await fetch(`${env.CLICKHOUSE_URL}/`, { method: 'POST', body: `CREATE DATABASE ${database}` });
  const config = loadConfig({
    dir: join(repo, 'config'),
    env: {},
    overrides: {
      kafka: {
        brokers: env.KAFKA_BROKERS!.split(','),
        groupId: `bench-latency-${run}`,
        topics: {
          declarations: { name: topics.declaration },
          manifests: { name: topics.manifest },
          invoices: { name: topics.invoice },
          alerts: `${run}.alerts`,
        },
      },
      schemaRegistry: { url: env.SCHEMA_REGISTRY_URL },
      sink: { driver: 'server', url: env.CLICKHOUSE_URL, database },
      engine: { allowedLatenessMs: latenessMs },
    },
  });
  // Per topic/partition: what was sent when, and each commit's offset and time (epoch ms).
  const sent: SentRecords[] = [];
  const commits = new Map<string, { offset: number; at: number }[]>();
  const service = await startKafkaService({
    config,
    pseudonymKey: key,
    logger,
    onCommitted: (offsets) => {
      const at = Date.now();
      for (const { topic, partition, offset } of offsets) {
        const list = commits.get(`${topic}/${partition}`) ?? [];
        list.push({ offset: Number(offset), at });
        commits.set(`${topic}/${partition}`, list);
      }
    },
  });
  const input: LatencyProducerInput = {
    brokers: env.KAFKA_BROKERS!.split(','),
    registryUrl: env.SCHEMA_REGISTRY_URL!,
    topics,
    events,
    rate,
    seconds,
    // Without successors, the last events would wait engine.idleFlushMs for the quiet-input flush.
    tailSeconds: 3,
  };
  // Resolves with the number of events sent, tail included.
  const produced = await new Promise<number>((resolve, reject) => {
    const worker = new Worker(new URL('./latency-producer.ts', import.meta.url), { workerData: input });
    worker.on('message', (message: { sent?: SentRecords[]; done?: number }) => {
      if (message.sent) sent.push(...message.sent);
      if (message.done !== undefined) resolve(message.done);
    });
    worker.on('error', reject);
  });
  // An event's latency: from its send to the first commit past its offset.
  const latencyOf = (topic: string, partition: number, offset: number, at: number) => {
    const commit = commits.get(`${topic}/${partition}`)?.find((c) => c.offset > offset);
    return commit ? commit.at - at : null;
  };
  const measure = () => {
    const latencies: number[] = [];
    for (const s of sent.filter((r) => r.measured))
      for (let i = 0; i < s.count; i++) {
        const latency = latencyOf(s.topic, s.partition, s.firstOffset + i, s.at);
        if (latency !== null) latencies.push(latency);
      }
    return latencies;
  };
  const deadline = Date.now() + 120_000;
  let latencies = measure();
  const expected = sent.filter((r) => r.measured).reduce((sum, r) => sum + r.count, 0);
  while (latencies.length < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    latencies = measure();
  }
  await service.stop();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN);
  return {
    produced,
    measuredSends: expected,
    measured: latencies.length,
    p50: q(0.5),
    p99: q(0.99),
    max: q(1),
  };
}

/**
 * State memory: the engine alone (all rules on) fed `entities` events that each carry a new person
 * (declarations), new shipper and consignee (manifests) or new exporter and importer (invoices);
 * heap delta after a forced GC (run node with --expose-gc), scaled to a million entities.
 */
async function benchStateMemory(events: GeneratedEvent[], entities: number) {
  const { DetectionEngine } = await import('../src/detect/engine.ts');
  const { allRules } = await import('../src/detect/rules/index.ts');
  const { createRecordStages } = await import('../src/pipeline/record-stages.ts');
  const { createRecordDecoder } = await import('../src/stages/decode/record-decoder.ts');
  const { createPseudonymiser } = await import('../src/stages/pseudonymise/pseudonymise.ts');
  const { createFxCheck } = await import('../src/stages/validate/fx-check.ts');
  const config = loadConfig({ dir: join(repo, 'config'), env: {} });
  const topicKinds = { d: 'declaration', m: 'manifest', i: 'invoice' } as const;
  const stages = createRecordStages({
    decoder: createRecordDecoder({ encodings: { d: 'json', m: 'json', i: 'json' }, topicKinds }),
    pseudonymiser: createPseudonymiser(key),
    checkFx: createFxCheck(config.reference),
  });
  const topicOf = { declaration: 'd', manifest: 'm', invoice: 'i' } as const;
  const prepared = [];
  for (const e of events) {
    const decoded = await stages.decode({
      kind: e.kind,
      origin: { topic: topicOf[e.kind], partition: 0, offset: '0' },
      value: Buffer.from(JSON.stringify(e.json)),
    });
    const result = decoded.ok ? stages.prepare(e.kind, decoded.value) : decoded;
    if (result.ok) prepared.push(result.value);
  }
  prepared.sort((a, b) => a.eventTime - b.eventTime);
  const gc = (globalThis as { gc?: () => void }).gc;
  const engine = new DetectionEngine(allRules, config);
  const t0 = prepared[0]!.eventTime;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  let distinct = 0;
  for (let i = 0; i < entities; i++) {
    const base = prepared[i % prepared.length]!;
    const n = `bench-${i}`;
    // biome-ignore lint/suspicious/noExplicitAny: a synthetic copy with fresh entity keys
    const body = structuredClone(base.body) as any;
    if (base.kind === 'declaration') body.traveller.personKey = `p-${n}`;
    else if (base.kind === 'manifest') {
      body.shipper.key = `s-${n}`;
      body.consignee.key = `c-${n}`;
    } else {
      body.exporter.id = `e-${n}`;
      body.importer.id = `i-${n}`;
    }
    distinct += base.kind === 'declaration' ? 1 : 2;
    // All within minutes of event time: nothing expires during the run, every entity stays tracked.
    const event = { ...base, id: `${base.id}-${n}`, eventTime: t0 + i * 10, body };
    engine.process(event as typeof base, event.eventTime);
  }
  const ms = performance.now() - started;
  gc?.();
  const heap = process.memoryUsage().heapUsed - before;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const entries = Object.values(engine.state.sizes()).reduce((a, b) => a + b, 0);
  return {
    entries,
    entities: distinct,
    heapMiB: Math.round(heap / 2 ** 20),
    perMillionMiB: Math.round((heap / 2 ** 20) * (1_000_000 / distinct)),
    perSecond: perSecond(entities, ms),
    gc: gc !== undefined,
  };
}

const env = services();
// The evaluation's scenario (seed 7): ordinary traffic with a few planted cases, as in production.
const scenario = generateScenario({ seed: 7, events: total, start: defaultScenarioStart });
const events: GeneratedEvent[] = [
  ...scenario.declarations.map((json) => ({ kind: 'declaration' as const, json })),
  ...scenario.manifests.map((json) => ({ kind: 'manifest' as const, json })),
  ...scenario.invoices.map((json) => ({ kind: 'invoice' as const, json })),
];
console.log(
  `customs-aml bench: ${events.length} events; ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
const replayed = parts.has('replay') ? await benchReplay(events) : null;
if (replayed)
  console.log(
    `replay (NDJSON → chDB):           ${replayed.perSecond} events/s (${replayed.events} in ${Math.round(replayed.ms)} ms, ${replayed.alerts} alerts)`,
  );
const run = Date.now();
const topics = {
  declaration: `bench-${run}.declarations`,
  manifest: `bench-${run}.manifests`,
  invoice: `bench-${run}.invoices`,
};
const needsTopics = parts.has('bare') || parts.has('detector');
const kafka = needsTopics
  ? await produce(env, topics, events)
  : new Kafka({ clientId: 'bench', brokers: env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
const bare = parts.has('bare') ? await benchBareConsumer(kafka, Object.values(topics), events.length) : null;
if (bare) console.log(`bare kafkajs consumer (baseline):  ${bare.perSecond} events/s`);
const detector = parts.has('detector') ? await benchDetector(env, kafka, topics, events.length) : null;
if (detector && bare)
  console.log(
    `detector (Kafka → ClickHouse):     ${detector.perSecond} events/s = ${(detector.perSecond / bare.perSecond).toFixed(2)} × baseline`,
  );
if (parts.has('latency')) {
  const rate = Number(process.env.BENCH_RATE ?? 5_000);
  const seconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
  const lateness = Number(process.env.BENCH_LATENESS_MS ?? 0);
  // In event-time order, as a live feed arrives: every topic gets traffic all the time (in the
  // per-kind blocks of \`events\`, two topics would be silent for seconds at a time).
  const live = scenarioStream(scenario).map(({ kind, json }) => ({ kind, json }));
  const latency = await benchLatency(env, kafka, live, rate, seconds, lateness);
  console.log(
    `latency at ${rate} events/s offered (${latency.measuredSends} events measured of ${latency.produced} sent, produce → offset commit, allowedLatenessMs ${lateness}): p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`,
  );
}
if (parts.has('memory')) {
  const entities = Number(process.env.BENCH_ENTITIES ?? 100_000);
  const memory = await benchStateMemory(events, entities);
  console.log(
    `state memory: ${memory.entities} distinct persons + consignees/shippers + traders: ${memory.entries} state entries, heap +${memory.heapMiB} MiB${memory.gc ? '' : ' (no --expose-gc: noisy)'}, ${memory.perMillionMiB} MiB per million entities (${memory.perSecond} events/s through the engine alone)`,
  );
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`peak RSS of this process:          ${Math.round(peakRss / 2 ** 20)} MiB`);

// npm run bench: throughput of the embedded replay and of the Kafka detector, with a bare kafkajs
// consumer group reading the same topics in the same run as the baseline. Real local services
// (scripts/services/up) on loopback. BENCH_EVENTS sets the size (default 50,000).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { replay } from '../src/app/embedded-replay.ts';
import { startKafkaService } from '../src/app/kafka-service.ts';
import { loadConfig } from '../src/config/load.ts';
import type { EventKind } from '../src/domain/events.ts';
import { type GeneratedEvent, normalTraffic } from '../src/generate/normal-traffic.ts';
import { createLogger } from '../src/observability/logger.ts';
import { eventAvroSchemas } from '../src/schemas/avro-schemas.ts';
import { registerSchemas } from '../src/schemas/register.ts';
import { silenceKafkajsTimeoutWarning } from '../src/source/kafka-client.ts';
import { toAvroValue } from '../test/support/avro-records.ts';

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
    alerts: `${topics.declaration}.alerts`,
  });
  const registry = new SchemaRegistry({ host: env.SCHEMA_REGISTRY_URL! });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const kind of kinds) {
    const id = await registry.getLatestSchemaId(`${topics[kind]}-value`);
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

const env = services();
const events = [...normalTraffic({ seed: 7, count: total, start: Date.UTC(2026, 2, 1) })];
console.log(
  `customs-aml bench: ${events.length} events; ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
const replayed = await benchReplay(events);
console.log(
  `replay (NDJSON → chDB):           ${replayed.perSecond} events/s (${replayed.events} in ${Math.round(replayed.ms)} ms, ${replayed.alerts} alerts)`,
);
const run = Date.now();
const topics = {
  declaration: `bench-${run}.declarations`,
  manifest: `bench-${run}.manifests`,
  invoice: `bench-${run}.invoices`,
};
const kafka = await produce(env, topics, events);
const bare = await benchBareConsumer(kafka, Object.values(topics), events.length);
console.log(`bare kafkajs consumer (baseline):  ${bare.perSecond} events/s`);
const detector = await benchDetector(env, kafka, topics, events.length);
console.log(
  `detector (Kafka → ClickHouse):     ${detector.perSecond} events/s = ${(detector.perSecond / bare.perSecond).toFixed(2)} × baseline`,
);
clearInterval(sampler);
console.log(`peak RSS of this process:          ${Math.round(peakRss / 2 ** 20)} MiB`);

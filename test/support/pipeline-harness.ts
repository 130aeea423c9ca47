// Shared pieces of the end-to-end tests: the sample events, a per-test config on real services,
// Avro production through the registry, and the alert ids an embedded replay gives for the same
// input (the expected result, computed rather than hard-coded).

import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { EventKind } from '../../src/core/events.ts';
import { createLogger } from '../../src/core/logger.ts';
import { fetchCommittedOffsets } from '../../src/io/kafka/committed-offsets.ts';
import { registerSchemas } from '../../src/io/kafka/schema-registry.ts';
import { replay } from '../../src/runtime/embedded-replay.ts';
import { eventAvroSchemas } from '../../src/stages/decode/avro-schemas.ts';
import { inputSchemas } from '../../src/stages/validate/validate-record.ts';
import { toAvroValue } from './avro-records.ts';
import type { ServiceAddresses } from './service-addresses.ts';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const testPseudonymKey = 'test-key-0123456789abcdef0123456789abcdef';

export const sampleFiles: Record<EventKind, string> = {
  declaration: join(repoRoot, 'data/sample/declarations.ndjson'),
  manifest: join(repoRoot, 'data/sample/manifests.ndjson'),
  invoice: join(repoRoot, 'data/sample/invoices.ndjson'),
};

/** The valid events of the bundled sample, by kind, in their JSON form. */
export function sampleEvents(): Record<EventKind, Record<string, unknown>[]> {
  const read = (kind: EventKind) =>
    readFileSync(sampleFiles[kind], 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return null;
        }
      })
      .filter(
        (event): event is Record<string, unknown> =>
          event !== null && inputSchemas[kind].safeParse(event).success,
      );
  return { declaration: read('declaration'), manifest: read('manifest'), invoice: read('invoice') };
}

export interface TestTopics {
  declarations: string;
  manifests: string;
  invoices: string;
  alerts: string;
}

export function uniqueTopics(prefix: string): TestTopics {
  const run = randomUUID().slice(0, 8);
  return {
    declarations: `${prefix}-${run}.declarations`,
    manifests: `${prefix}-${run}.manifests`,
    invoices: `${prefix}-${run}.invoices`,
    alerts: `${prefix}-${run}.alerts`,
  };
}

export const topicOf: Record<EventKind, keyof TestTopics> = {
  declaration: 'declarations',
  manifest: 'manifests',
  invoice: 'invoices',
};

/** A config on the real services with this test's own topics, group and ClickHouse database. */
export function serviceConfig(
  services: ServiceAddresses,
  topics: TestTopics,
  options: { database: string; clickhouseUrl?: string; maxBytesPerPartition?: number },
): Config {
  return loadConfig({
    dir: join(repoRoot, 'config'),
    env: {},
    overrides: {
      kafka: {
        brokers: services.kafkaBrokers.split(','),
        groupId: `detector-${topics.declarations}`,
        topics: {
          declarations: { name: topics.declarations, encoding: 'auto' },
          manifests: { name: topics.manifests, encoding: 'auto' },
          invoices: { name: topics.invoices, encoding: 'auto' },
          alerts: topics.alerts,
          deadLetterSuffix: '.dlq',
        },
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1_000,
        maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      },
      schemaRegistry: { url: services.schemaRegistryUrl },
      sink: {
        driver: 'server',
        url: options.clickhouseUrl ?? services.clickhouseUrl,
        database: options.database,
        retry: { initialDelayMs: 100, maxDelayMs: 1_000 },
      },
    },
  });
}

export function testKafka(services: ServiceAddresses): Kafka {
  return new Kafka({
    clientId: 'customs-aml-test',
    brokers: services.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
}

export async function createTestDatabase(clickhouseUrl: string): Promise<string> {
  const database = `test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const response = await fetch(`${clickhouseUrl}/`, { method: 'POST', body: `CREATE DATABASE ${database}` });
  if (!response.ok) throw new Error(`CREATE DATABASE failed: ${await response.text()}`);
  return database;
}

export async function clickhouseRows<T = Record<string, unknown>>(
  clickhouseUrl: string,
  sql: string,
): Promise<T[]> {
  const response = await fetch(`${clickhouseUrl}/`, { method: 'POST', body: `${sql} FORMAT JSONEachRow` });
  const text = await response.text();
  if (!response.ok) throw new Error(`query failed: ${text}`);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Creates the input topics (with partitions) and registers the schemas under the test topics. */
export async function prepareTopics(
  services: ServiceAddresses,
  topics: TestTopics,
  partitions = 3,
): Promise<void> {
  const admin = testKafka(services).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [topics.declarations, topics.manifests, topics.invoices].map((topic) => ({
      topic,
      numPartitions: partitions,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  await registerSchemas(services.schemaRegistryUrl, topics);
}

/** Produces events as Avro (Confluent framing, ids from the registry), keyed by event id. */
export async function produceAvro(
  services: ServiceAddresses,
  topics: TestTopics,
  events: Partial<Record<EventKind, Record<string, unknown>[]>>,
  extra: { kind: EventKind; value: Buffer }[] = [],
  /**
   * One record batch per event, sent in event-time order across the topics (the broker then serves
   * small fetches): many consumer batches.
   */
  oneByOne = false,
): Promise<void> {
  const registry = new SchemaRegistry({ host: services.schemaRegistryUrl });
  const producer = testKafka(services).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const idField: Record<EventKind, string> = {
    declaration: 'declarationId',
    manifest: 'consignmentId',
    invoice: 'invoiceId',
  };
  const sends: { topic: string; time: number; message: { key: string; value: Buffer } }[] = [];
  for (const kind of Object.keys(events) as EventKind[]) {
    const topic = topics[topicOf[kind]];
    const schemaId = await registry.getLatestSchemaId(`${topic}-value`);
    const messages = await Promise.all(
      (events[kind] ?? []).map(async (event) => ({
        key: String(event[idField[kind]]),
        value: await registry.encode(schemaId, toAvroValue(eventAvroSchemas[kind], event)),
      })),
    );
    if (!oneByOne) await producer.send({ topic, messages });
    else
      (events[kind] ?? []).forEach((event, i) => {
        sends.push({ topic, time: Date.parse(String(event[timeField[kind]])), message: messages[i]! });
      });
  }
  // One at a time, in event-time order across the three topics, as a live feed arrives.
  sends.sort((a, b) => a.time - b.time);
  for (const { topic, message } of sends) await producer.send({ topic, messages: [message] });
  for (const { kind, value } of extra)
    await producer.send({ topic: topics[topicOf[kind]], messages: [{ value }] });
  await producer.disconnect();
}

/** The alert ids (with their rule) that the embedded replay gives for the bundled sample. */
export async function expectedSampleAlerts(): Promise<Map<string, string>> {
  const alerts = await sampleReplayAlerts();
  return new Map([...alerts.values()].map((alert) => [alert.alertId, alert.ruleId]));
}

/** Alert id → `rule r<revision> s<score>` of the final revision, as one replay of data/sample gives. */
export async function expectedSampleRevisions(): Promise<Map<string, string>> {
  const alerts = await sampleReplayAlerts();
  return new Map(
    [...alerts.values()].map((alert) => [
      alert.alertId,
      `${alert.ruleId} r${alert.revision} s${alert.score}`,
    ]),
  );
}

async function sampleReplayAlerts() {
  const store = mkdtempSync(join(tmpdir(), 'expected-'));
  try {
    const config = loadConfig({ dir: join(repoRoot, 'config'), env: {} });
    const summary = await replay({
      files: (Object.keys(sampleFiles) as EventKind[]).map((kind) => ({ kind, path: sampleFiles[kind] })),
      store,
      config,
      pseudonymKey: testPseudonymKey,
      logger: createLogger({ level: 'silent' }),
    });
    return summary.alerts;
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

/** Sum of committed offsets of a group over topics, against the sum of their end offsets. */
export async function groupProgress(services: ServiceAddresses, groupId: string, topicNames: string[]) {
  const admin = testKafka(services).admin();
  await admin.connect();
  try {
    let committed = 0;
    let end = 0;
    for (const topic of topicNames) {
      for (const p of await admin.fetchTopicOffsets(topic)) end += Number(p.high);
    }
    for (const { partitions } of await fetchCommittedOffsets(admin, groupId, topicNames)) {
      for (const p of partitions) committed += Math.max(0, Number(p.offset));
    }
    return { committed, end };
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group has committed every offset of the topics. */
export async function waitForCatchUp(
  services: ServiceAddresses,
  groupId: string,
  topicNames: string[],
  timeoutMs: number,
) {
  await waitUntil(
    async () => {
      const { committed, end } = await groupProgress(services, groupId, topicNames);
      return end > 0 && committed === end;
    },
    timeoutMs,
    `${groupId} to commit every offset`,
  );
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A config folder for a child process: the repo's reference data and rules, this test's service file. */
export function writeConfigDir(serviceYaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  cpSync(join(repoRoot, 'config'), dir, { recursive: true });
  writeFileSync(join(dir, 'customs-aml.yaml'), serviceYaml);
  return dir;
}

const timeField: Record<EventKind, string> = {
  declaration: 'declaredAt',
  manifest: 'reportedAt',
  invoice: 'declaredAt',
};

/**
 * Splits events into `parts` consecutive slices of event time (across kinds), so that producing
 * them slice after slice keeps the stream in event-time order: later waves are not late data.
 */
export function splitByTime(
  events: Record<EventKind, Record<string, unknown>[]>,
  parts: number,
): Record<EventKind, Record<string, unknown>[]>[] {
  const all = (Object.keys(events) as EventKind[])
    .flatMap((kind) =>
      events[kind].map((json) => ({ kind, json, time: Date.parse(String(json[timeField[kind]])) })),
    )
    .sort((a, b) => a.time - b.time);
  const size = Math.ceil(all.length / parts);
  return Array.from({ length: parts }, (_, i) => {
    const slice: Record<EventKind, Record<string, unknown>[]> = {
      declaration: [],
      manifest: [],
      invoice: [],
    };
    for (const { kind, json } of all.slice(i * size, (i + 1) * size)) slice[kind].push(json);
    return slice;
  });
}

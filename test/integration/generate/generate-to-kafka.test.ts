// generate --kafka against the real broker and registry: a small scenario produced paced to fresh
// topics, read back, decoded through the registry and compared with the scenario event by event.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { loadConfig } from '../../../src/config/load.ts';
import type { EventKind } from '../../../src/core/events.ts';
import { createLogger } from '../../../src/core/logger.ts';
import { produceScenario, scenarioTopics } from '../../../src/generate/kafka-producer.ts';
import { defaultScenarioStart, generateScenario, type Scenario } from '../../../src/generate/scenario.ts';
import { eventIdField, eventTimeField } from '../../../src/generate/scenario-stream.ts';
import { eventAvroSchemas } from '../../../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../../../src/stages/decode/avro-value.ts';
import { createRecordDecoder } from '../../../src/stages/decode/record-decoder.ts';
import { parseFrame } from '../../../src/stages/decode/wire-format.ts';
import { validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import { repoRoot, testKafka, waitUntil } from '../../support/pipeline-harness.ts';
import type { ServiceAddresses } from '../../support/service-addresses.ts';

const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];
const listOf = { declaration: 'declarations', manifest: 'manifests', invoice: 'invoices' } as const;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface ReadMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: Buffer;
}

/** Reads the topics from the start until `expected` messages have arrived. */
async function readAll(s: ServiceAddresses, topics: string[], expected: number): Promise<ReadMessage[]> {
  const consumer = testKafka(s).consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const messages: ReadMessage[] = [];
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({
        topic,
        partition,
        offset: Number(message.offset),
        key: String(message.key),
        value: message.value!,
      });
    },
  });
  try {
    await waitUntil(async () => messages.length >= expected, 30_000, `${expected} messages`);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Sum of the end offsets of a topic: every record it holds (fresh topics, nothing deleted). */
async function endOffsets(s: ServiceAddresses, topic: string): Promise<number> {
  const admin = testKafka(s).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

function configFor(s: ServiceAddresses) {
  return loadConfig({
    dir: join(repoRoot, 'config'),
    env: {},
    overrides: {
      kafka: { brokers: s.kafkaBrokers.split(',') },
      schemaRegistry: { url: s.schemaRegistryUrl },
    },
  });
}

function eventsOf(scenario: Scenario, kind: EventKind): Record<string, unknown>[] {
  return scenario[listOf[kind]];
}

describeWithServices('generate --kafka', () => {
  it('produces a scenario paced, Avro through the registry, keyed by event id, every event exactly once', async () => {
    const s = services();
    const config = configFor(s);
    const prefix = `gen-${randomUUID().slice(0, 8)}.`;
    const topics = scenarioTopics(config, prefix);
    // Three partitions, so keying and per-partition order are exercised.
    const admin = testKafka(s).admin();
    await admin.connect();
    await admin.createTopics({
      topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
    await admin.disconnect();

    const scenario = generateScenario({ seed: 21, events: 500, start: defaultScenarioStart });
    const total = scenario.truth.events;
    const rate = 250;
    const started = performance.now();
    const summary = await produceScenario(scenario, {
      config,
      topicPrefix: prefix,
      rate,
      logger: createLogger({ level: 'silent' }),
    });
    const wallMs = performance.now() - started;

    // Timing only as a loose lower bound: pacing must not let the events out faster than asked.
    const minimumMs = 0.8 * (total / rate) * 1000;
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(minimumMs);
    expect(wallMs).toBeGreaterThanOrEqual(minimumMs);
    expect(summary.events).toBe(total);
    expect(summary.perTopic).toEqual([
      { topic: topics.declaration, events: scenario.truth.counts.declarations },
      { topic: topics.manifest, events: scenario.truth.counts.manifests },
      { topic: topics.invoice, events: scenario.truth.counts.invoices },
    ]);

    const messages = await readAll(s, Object.values(topics), total);
    const registry = new SchemaRegistry({ host: s.schemaRegistryUrl });
    const decoder = createRecordDecoder({
      registryUrl: s.schemaRegistryUrl,
      encodings: Object.fromEntries(kinds.map((k) => [topics[k], 'avro' as const])),
      topicKinds: Object.fromEntries(kinds.map((k) => [topics[k], k])),
    });
    for (const kind of kinds) {
      const expected = eventsOf(scenario, kind);
      const got = messages.filter((m) => m.topic === topics[kind]);
      expect(got.length).toBe(expected.length);
      expect(await endOffsets(s, topics[kind])).toBe(expected.length);

      const schemaId = await registry.getLatestSchemaId(`${topics[kind]}-value`);
      const position = new Map(expected.map((json, i) => [String(json[eventIdField[kind]]), i]));
      const partitions = new Set<number>();
      for (const message of got) {
        const index = position.get(message.key);
        expect(index, `unexpected key ${message.key}`).toBeDefined();
        const json = expected[index!]!;
        const frame = parseFrame(message.value);
        expect(frame.ok && frame.frame.schemaId).toBe(schemaId);
        // Through the registry, the record is the scenario event in its Avro form ...
        expect(await registry.decode(message.value)).toEqual(toAvroValue(eventAvroSchemas[kind], json));
        // ... and the service's decoder hands validation exactly what the JSON replay would.
        const decoded = await decoder.decode(message.topic, message.value);
        expect(decoded.ok).toBe(true);
        if (decoded.ok) expect(validateRecord(kind, decoded.value)).toEqual(validateRecord(kind, json));
        partitions.add(message.partition);
      }
      expect(new Set(got.map((m) => m.key)).size).toBe(expected.length);
      expect(partitions.size).toBeGreaterThan(1);

      // Per partition, offsets follow the scenario's order, which is event time within the lateness.
      for (const partition of partitions) {
        const inPartition = got.filter((m) => m.partition === partition).sort((a, b) => a.offset - b.offset);
        const indexes = inPartition.map((m) => position.get(m.key)!);
        expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      }
      let latest = Number.NEGATIVE_INFINITY;
      for (const json of expected) {
        const time = Date.parse(String(json[eventTimeField[kind]]));
        expect(time).toBeGreaterThan(latest - 60_000);
        latest = Math.max(latest, time);
      }
    }
  });

  it('runs from the CLI with the config and env of `run`, writing the ground truth to --out', async () => {
    const s = services();
    const prefix = `gen-cli-${randomUUID().slice(0, 8)}.`;
    const out = mkdtempSync(join(tmpdir(), 'generate-kafka-'));
    dirs.push(out);
    vi.stubEnv('KAFKA_BROKERS', s.kafkaBrokers);
    vi.stubEnv('SCHEMA_REGISTRY_URL', s.schemaRegistryUrl);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
    let code: number;
    try {
      code = await main([
        'generate',
        ...['--seed', '8', '--events', '500', '--kafka', '--topic-prefix', prefix],
        ...['--out', out, '--config', join(repoRoot, 'config')],
      ]);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(code).toBe(0);
    const scenario = generateScenario({ seed: 8, events: 500, start: defaultScenarioStart });
    const { counts } = scenario.truth;
    const topics = scenarioTopics(configFor(s), prefix);
    expect(lines.join('\n')).toMatch(
      new RegExp(
        `^produced ${scenario.truth.events} events in [\\d.]+ s \\(.* events/s, unpaced\\): ` +
          `${topics.declaration} ${counts.declarations}, ${topics.manifest} ${counts.manifests}, ${topics.invoice} ${counts.invoices}; ` +
          `${scenario.truth.cases.length} planted cases in .*ground-truth.json$`,
      ),
    );
    expect(JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8'))).toEqual(scenario.truth);
    expect(existsSync(join(out, 'declarations.ndjson'))).toBe(false);
    expect(await endOffsets(s, topics.declaration)).toBe(counts.declarations);
    expect(await endOffsets(s, topics.manifest)).toBe(counts.manifests);
    expect(await endOffsets(s, topics.invoice)).toBe(counts.invoices);
  });
});

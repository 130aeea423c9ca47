import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { expect, it } from 'vitest';
import type { EventKind } from '../../../src/core/events.ts';
import { createLogger } from '../../../src/core/logger.ts';
import { startKafkaService } from '../../../src/runtime/kafka-service.ts';
import { eventAvroSchemas } from '../../../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../../support/avro-records.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import {
  clickhouseRows,
  createTestDatabase,
  prepareTopics,
  produceAvro,
  sampleEvents,
  serviceConfig,
  type TestTopics,
  testKafka,
  testPseudonymKey,
  topicOf,
  uniqueTopics,
  waitForCatchUp,
} from '../../support/pipeline-harness.ts';

const kinds: EventKind[] = ['declaration', 'manifest', 'invoice'];

/** Deterministic PRNG (mulberry32) so a failure can be reproduced. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eight families of bad records: bytes, framing, schema ids, JSON, missing fields, absurd and oversized values. */
async function malformed(
  count: number,
  random: () => number,
  registry: SchemaRegistry,
  topics: TestTopics,
  good: Record<EventKind, Record<string, unknown>[]>,
): Promise<{ kind: EventKind; value: Buffer }[]> {
  const ids = Object.fromEntries(
    await Promise.all(
      kinds.map(async (k) => [k, await registry.getLatestSchemaId(`${topics[topicOf[k]]}-value`)]),
    ),
  ) as Record<EventKind, number>;
  const out: { kind: EventKind; value: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % 3]!;
    const sample = good[kind][Math.floor(random() * good[kind].length)]!;
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    let value: Buffer;
    switch (i % 8) {
      case 0:
        value = Buffer.concat([Buffer.from([0x80 + Math.floor(random() * 100)]), bytes(40)]);
        break;
      case 1:
        value = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), bytes(60)]);
        break;
      case 2: {
        const full = await registry.encode(ids[kind], toAvroValue(eventAvroSchemas[kind], sample));
        value = full.subarray(0, 5 + Math.floor(random() * 8));
        break;
      }
      case 3:
        value = Buffer.from(JSON.stringify(sample).slice(0, 20 + Math.floor(random() * 40)));
        break;
      case 4:
        value = Buffer.from('{}');
        break;
      case 5:
        value = Buffer.from(
          JSON.stringify({
            ...sample,
            [kind === 'manifest' ? 'reportedAt' : 'declaredAt']: '3026-01-01T00:00:00Z',
          }),
        );
        break;
      case 6:
        value = Buffer.from(JSON.stringify({ ...sample, reportingCountry: 'X'.repeat(100_000) }));
        break;
      default: {
        const other = kinds[(kinds.indexOf(kind) + 1) % 3]!;
        const wrong = good[other][0]!;
        value = await registry.encode(ids[other], toAvroValue(eventAvroSchemas[other], wrong));
      }
    }
    out.push({ kind, value });
  }
  return out;
}

async function deadLetterCounts(topics: TestTopics): Promise<number[]> {
  const admin = testKafka(services()).admin();
  await admin.connect();
  try {
    const names = [topics.declarations, topics.manifests, topics.invoices].map((t) => `${t}.dlq`);
    return await Promise.all(
      names.map(async (name) =>
        (await admin.fetchTopicOffsets(name)).reduce((sum, p) => sum + Number(p.high), 0),
      ),
    );
  } finally {
    await admin.disconnect();
  }
}

describeWithServices('malformed records interleaved with good ones', () => {
  it('dead-letters every bad record with a reason, processes every good one, and stays flat in memory', async () => {
    const s = services();
    const topics = uniqueTopics('fuzz');
    await prepareTopics(s, topics);
    const database = await createTestDatabase(s.clickhouseUrl);
    const config = serviceConfig(s, topics, { database });
    const groupId = config.kafka!.groupId;
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];
    const good = sampleEvents();
    const registry = new SchemaRegistry({ host: s.schemaRegistryUrl });
    const random = prng(20261123);
    const service = await startKafkaService({
      config,
      pseudonymKey: testPseudonymKey,
      logger: createLogger({ level: 'silent' }),
    });
    const heap: number[] = [];
    let bad = 0;
    try {
      for (let round = 0; round < 3; round++) {
        const records = await malformed(900, random, registry, topics, good);
        bad += records.length;
        // Good events in every round (same ids: they must stay single rows under FINAL).
        await produceAvro(s, topics, good, records);
        await waitForCatchUp(s, groupId, inputTopics, 60_000);
        heap.push(process.memoryUsage().heapUsed);
      }
      expect(service.detector.paused).toBe(false);
    } finally {
      await service.stop();
    }
    const letters = await deadLetterCounts(topics);
    expect(letters).toEqual([bad / 3, bad / 3, bad / 3]);
    const [counts] = await clickhouseRows<{ d: string; m: string; i: string }>(
      s.clickhouseUrl,
      `SELECT (SELECT count() FROM ${database}.currency_declarations FINAL) AS d,
              (SELECT count() FROM ${database}.courier_manifests FINAL) AS m,
              (SELECT count() FROM ${database}.trade_invoices FINAL) AS i`,
    );
    expect(counts).toEqual({
      d: String(good.declaration.length),
      m: String(good.manifest.length),
      i: String(good.invoice.length),
    });
    // Flat: the third round of 900 bad records leaves the heap within a small margin of the first.
    expect(heap[2]! - heap[0]!).toBeLessThan(64 * 1024 * 1024);
  }, 180_000);
});

import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { deadLetterHeaders } from '../../../src/core/dead-letters.ts';
import type { EventKind } from '../../../src/core/events.ts';
import { createLogger } from '../../../src/core/logger.ts';
import { startKafkaService } from '../../../src/runtime/kafka-service.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import {
  clickhouseRows,
  createTestDatabase,
  expectedSampleAlerts,
  prepareTopics,
  produceAvro,
  sampleEvents,
  serviceConfig,
  testKafka,
  testPseudonymKey,
  uniqueTopics,
  waitForCatchUp,
} from '../../support/pipeline-harness.ts';

/** Every personal value in the input, to prove none of them comes out anywhere. */
function personalValues(events: ReturnType<typeof sampleEvents>): string[] {
  const values = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 4) values.add(v);
  };
  for (const d of events.declaration) {
    const t = d.traveller as Record<string, unknown>;
    add(t.documentNumber);
    add(t.fullName);
    add(t.dateOfBirth);
    add((d.travel as Record<string, unknown> | undefined)?.bookingReference);
  }
  for (const m of events.manifest) {
    for (const party of [m.shipper, m.consignee] as Record<string, unknown>[]) {
      add(party.name);
      add(party.address);
    }
  }
  for (const i of events.invoice) add((i.payment as Record<string, unknown> | undefined)?.payerName);
  // A company that is also an invoice's exporter or importer is trade data, kept in clear by design.
  for (const i of events.invoice) {
    for (const trader of [i.exporter, i.importer] as Record<string, unknown>[])
      values.delete(String(trader.name));
  }
  return [...values];
}

/** Reads a topic from the start until `done` says enough has arrived. */
async function readTopic(topic: string, done: (messages: TopicMessage[]) => boolean) {
  const kafka = testKafka(services());
  const consumer = kafka.consumer({ groupId: `reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: TopicMessage[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        messages.push({ value: message.value, headers });
        if (done(messages)) resolve();
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

interface TopicMessage {
  value: Buffer | null;
  headers: Record<string, string>;
}

describeWithServices('Kafka → detection → ClickHouse', () => {
  it('processes Avro events of every kind, dead-letters bad records and writes the expected alerts', async () => {
    const s = services();
    const topics = uniqueTopics('e2e');
    await prepareTopics(s, topics);
    const events = sampleEvents();
    const bad: { kind: EventKind; value: Buffer }[] = [
      { kind: 'declaration', value: Buffer.from([0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6]) },
      { kind: 'manifest', value: Buffer.from('{"consignmentId": "broken"') },
      {
        kind: 'invoice',
        value: Buffer.from(JSON.stringify({ ...events.invoice[0], invoiceId: 'bad-1', currency: 'euro' })),
      },
    ];
    await produceAvro(s, topics, events, bad);
    const database = await createTestDatabase(s.clickhouseUrl);
    const config = serviceConfig(s, topics, { database });
    const logs: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        if (process.env.DEBUG_LOGS) process.stderr.write(String(chunk));
        done();
      },
    });
    const service = await startKafkaService({
      config,
      pseudonymKey: testPseudonymKey,
      logger: createLogger({ destination }),
    });
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];
    try {
      await waitForCatchUp(s, config.kafka!.groupId, inputTopics, 60_000);
    } finally {
      await service.stop();
    }

    const expected = await expectedSampleAlerts();
    expect([...new Set(expected.values())]).toEqual(
      expect.arrayContaining(['CC-THRESHOLD-PROXIMITY', 'CM-CASH-KEYWORDS', 'TB-UNIT-PRICE']),
    );
    const alerts = await clickhouseRows<{ alert_id: string; rule_id: string }>(
      s.clickhouseUrl,
      `SELECT alert_id, rule_id FROM ${database}.alerts FINAL ORDER BY alert_id`,
    );
    expect(new Map(alerts.map((a) => [a.alert_id, a.rule_id]))).toEqual(expected);

    const counts = await clickhouseRows<{ d: string; m: string; i: string }>(
      s.clickhouseUrl,
      `SELECT (SELECT count() FROM ${database}.currency_declarations FINAL) AS d,
              (SELECT count() FROM ${database}.courier_manifests FINAL) AS m,
              (SELECT count() FROM ${database}.trade_invoices FINAL) AS i`,
    );
    expect(counts[0]).toEqual({
      d: String(events.declaration.length),
      m: String(events.manifest.length),
      i: String(events.invoice.length),
    });

    const letters = await Promise.all(
      inputTopics.map((topic) => readTopic(`${topic}.dlq`, (m) => m.length >= 1)),
    );
    expect(letters.map((l) => l.length)).toEqual([1, 1, 1]);
    expect(letters.map((l) => l[0]!.headers[deadLetterHeaders.stage])).toEqual([
      'decode',
      'decode',
      'validate',
    ]);
    expect(letters[2]![0]!.headers[deadLetterHeaders.field]).toBe('currency');
    expect(letters.map((l, i) => l[0]!.headers[deadLetterHeaders.topic] === inputTopics[i])).toEqual([
      true,
      true,
      true,
    ]);
    expect(letters[1]![0]!.value?.toString()).toBe('{"consignmentId": "broken"');

    // A growing pattern is published once per revision: wait for every alert id, not a message count.
    const alertIds = (messages: TopicMessage[]) =>
      new Set(messages.map((m) => m.headers['customs-aml.alert-id']));
    const published = await readTopic(topics.alerts, (m) => alertIds(m).size >= expected.size);
    expect(new Set(published.map((m) => m.headers['customs-aml.alert-id']))).toEqual(
      new Set(expected.keys()),
    );

    // No personal value in ClickHouse, the logs, or the dead-letter headers.
    const stored = await Promise.all(
      ['alerts', 'currency_declarations', 'courier_manifests', 'trade_invoices'].map(async (table) =>
        JSON.stringify(await clickhouseRows(s.clickhouseUrl, `SELECT * FROM ${database}.${table}`)),
      ),
    );
    const outputs = [
      ...stored,
      logs.join(''),
      JSON.stringify(letters.map((l) => l.map((m) => m.headers))),
    ].join('\n');
    const leaked = personalValues(events).filter((value) => outputs.includes(value));
    expect(personalValues(events).length).toBeGreaterThan(20);
    expect(leaked, `leaked: ${leaked.join(', ')}`).toEqual([]);
    expect(logs.join('')).toContain('record sent to the dead-letter topic');
  }, 180_000);
});

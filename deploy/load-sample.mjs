// Produces data/sample/*.ndjson as plain JSON records onto the input topics (the detector reads
// JSON on `encoding: auto` topics), keyed by event id. For the docker-compose `init` service:
//   node deploy/load-sample.mjs            (KAFKA_BROKERS, default kafka:9092)
import { readFileSync } from 'node:fs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const files = [
  ['customs.currency-declarations', 'data/sample/declarations.ndjson', 'declarationId'],
  ['customs.courier-manifests', 'data/sample/manifests.ndjson', 'consignmentId'],
  ['customs.trade-invoices', 'data/sample/invoices.ndjson', 'invoiceId'],
];
const kafka = new Kafka({
  clientId: 'customs-aml-load-sample',
  brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(','),
  logLevel: logLevel.WARN,
});
const producer = kafka.producer({
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: true,
});
await producer.connect();
for (const [topic, file, idField] of files) {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const messages = lines.map((line) => {
    let key = null;
    try {
      key = String(JSON.parse(line)[idField] ?? '') || null;
    } catch {
      // a deliberately broken sample line: sent as is, it ends in the dead-letter topic
    }
    return { key, value: line };
  });
  await producer.send({ topic, messages });
  console.log(`${topic}: ${messages.length} records`);
}
await producer.disconnect();

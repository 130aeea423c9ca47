// Asks a service one real question and prints its answer; exit 1 when it does not answer.
// Used by scripts/services/up to wait for Kafka (a metadata request through kafkajs).
import { Kafka, logLevel } from 'kafkajs';

const [kind, address] = process.argv.slice(2);
if (kind !== 'kafka' || !address) {
  console.error('usage: probe.mjs kafka HOST:PORT');
  process.exit(2);
}
const kafka = new Kafka({
  clientId: 'customs-aml-probe',
  brokers: [address],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
try {
  await admin.connect();
  const cluster = await admin.describeCluster();
  console.log(
    `kafka cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s), controller ${cluster.controller}`,
  );
  await admin.disconnect();
} catch (error) {
  console.error(`kafka at ${address} did not answer: ${error.message}`);
  process.exit(1);
}

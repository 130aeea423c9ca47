import { Kafka, logLevel } from 'kafkajs';
import type { ServiceAddresses } from './service-addresses.ts';

/** One real request to each service, with short timeouts so a missing service fails in seconds. */
export async function checkServices(addresses: ServiceAddresses): Promise<string[]> {
  const results = await Promise.allSettled([
    checkKafka(addresses.kafkaBrokers),
    checkRegistry(addresses.schemaRegistryUrl),
    checkClickhouse(addresses.clickhouseUrl),
  ]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    throw new Error(failures.map((f) => (f.reason as Error).message).join('\n'));
  }
  return results.map((r) => (r as PromiseFulfilledResult<string>).value);
}

export async function checkKafka(brokers: string): Promise<string> {
  const kafka = new Kafka({
    clientId: 'customs-aml-test-check',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 3000,
    retry: { retries: 1, initialRetryTime: 200 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return `Kafka at ${brokers}: cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)`;
  } catch (error) {
    throw new Error(`Kafka at ${brokers} does not answer: ${(error as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function checkRegistry(url: string): Promise<string> {
  try {
    const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const subjects = (await response.json()) as unknown[];
    return `schema registry at ${url}: ${subjects.length} subject(s)`;
  } catch (error) {
    throw new Error(`schema registry at ${url} does not answer: ${(error as Error).message}`);
  }
}

export async function checkClickhouse(url: string): Promise<string> {
  try {
    const response = await fetch(`${url}/?query=${encodeURIComponent('SELECT version()')}`, {
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return `ClickHouse server at ${url}: version ${(await response.text()).trim()}`;
  } catch (error) {
    throw new Error(`ClickHouse server at ${url} does not answer: ${(error as Error).message}`);
  }
}

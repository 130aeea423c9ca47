/** Where the real services for integration tests are. Read from the environment or provided by global setup. */
export interface ServiceAddresses {
  /** Comma-separated host:port list. */
  kafkaBrokers: string;
  /** Base URL of a Confluent-compatible schema registry API. */
  schemaRegistryUrl: string;
  /** HTTP URL of a ClickHouse server. */
  clickhouseUrl: string;
  /** How they were found, for the log line. */
  origin: 'environment' | 'testcontainers' | 'local-processes';
}

export const serviceEnvVars = {
  kafkaBrokers: 'KAFKA_BROKERS',
  schemaRegistryUrl: 'SCHEMA_REGISTRY_URL',
  clickhouseUrl: 'CLICKHOUSE_URL',
} as const;

/** Addresses from KAFKA_BROKERS, SCHEMA_REGISTRY_URL and CLICKHOUSE_URL; null when none is set. */
export function addressesFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceAddresses | null {
  const kafkaBrokers = env[serviceEnvVars.kafkaBrokers];
  const schemaRegistryUrl = env[serviceEnvVars.schemaRegistryUrl];
  const clickhouseUrl = env[serviceEnvVars.clickhouseUrl];
  if (!kafkaBrokers && !schemaRegistryUrl && !clickhouseUrl) return null;
  const missing = Object.entries(serviceEnvVars)
    .filter(([, name]) => !env[name])
    .map(([, name]) => name);
  if (missing.length > 0) {
    throw new Error(`service addresses are set only in part: ${missing.join(', ')} missing`);
  }
  return {
    kafkaBrokers: kafkaBrokers!,
    schemaRegistryUrl: schemaRegistryUrl!,
    clickhouseUrl: clickhouseUrl!,
    origin: 'environment',
  };
}

/** Test addresses must stay on this machine: loopback (or a container host testcontainers maps to it). */
export function assertLoopback(addresses: ServiceAddresses): void {
  const hosts = [
    ...addresses.kafkaBrokers.split(',').map((b) => b.trim().replace(/:\d+$/, '')),
    new URL(addresses.schemaRegistryUrl).hostname,
    new URL(addresses.clickhouseUrl).hostname,
  ];
  for (const host of hosts) {
    const loopback =
      host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
    if (!loopback) throw new Error(`refusing non-loopback test service address ${host}`);
  }
}

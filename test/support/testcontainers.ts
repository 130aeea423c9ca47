// Services in containers, for machines with a Docker engine (a developer's laptop).
import type { ServiceAddresses } from './service-addresses.ts';

export interface StartedServices {
  addresses: ServiceAddresses;
  stop(): Promise<void>;
}

export const containerImages = {
  kafka: 'confluentinc/cp-kafka:7.9.0',
  registry: 'apicurio/apicurio-registry:3.0.9',
  clickhouse: 'clickhouse/clickhouse-server:25.8',
} as const;

/** True when a container runtime answers; false quickly when there is none. */
export async function dockerAvailable(): Promise<boolean> {
  const { existsSync } = await import('node:fs');
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000)),
    ]);
    return Boolean(client);
  } catch {
    return false;
  }
}

export async function startContainers(): Promise<StartedServices> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const [kafka, registry, clickhouse] = await Promise.all([
    new KafkaContainer(containerImages.kafka).withKraft().start(),
    new GenericContainer(containerImages.registry)
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start(),
    new GenericContainer(containerImages.clickhouse)
      .withExposedPorts(8123)
      .withEnvironment({ CLICKHOUSE_SKIP_USER_SETUP: '1' })
      .withWaitStrategy(Wait.forHttp('/ping', 8123))
      .start(),
  ]);
  return {
    addresses: {
      kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      schemaRegistryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      clickhouseUrl: `http://${clickhouse.getHost()}:${clickhouse.getMappedPort(8123)}`,
      origin: 'testcontainers',
    },
    async stop() {
      await Promise.all([kafka.stop(), registry.stop(), clickhouse.stop()]);
    },
  };
}

// A kafkajs client from the validated config (brokers, TLS, SASL with the password read from env).
import { Kafka, type KafkaConfig, logLevel, Partitioners, type Producer, type SASLOptions } from 'kafkajs';
import type { Config } from '../../config/schema.ts';
import type { Logger } from '../../core/logger.ts';

type KafkaSettings = NonNullable<Config['kafka']>;

export function createKafka(
  settings: KafkaSettings,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...extra } = entry.log;
      const level =
        entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      logger[level](
        { kafka: entry.namespace, broker: extra.broker, groupId: extra.groupId },
        String(message),
      );
    },
  };
  if (settings.ssl !== false) config.ssl = settings.ssl === true ? true : { ...settings.ssl };
  if (settings.sasl) {
    const password = env[settings.sasl.passwordEnv];
    if (!password)
      throw new Error(`kafka.sasl.passwordEnv: environment variable ${settings.sasl.passwordEnv} is not set`);
    config.sasl = {
      mechanism: settings.sasl.mechanism,
      username: settings.sasl.username,
      password,
    } as SASLOptions;
  }
  return new Kafka(config);
}

/**
 * An idempotent producer with one request in flight, so records keep their order within a
 * partition across retries; keys are hashed with murmur2, as the Java client does.
 */
export function createOrderedProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** kafkajs on Node >= 23 schedules a negative timeout (harmless, fixed upstream); keep it out of the logs. */
export function silenceKafkajsTimeoutWarning(): void {
  const original = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (
      type === 'TimeoutNegativeWarning' ||
      (warning instanceof Error && warning.name === 'TimeoutNegativeWarning')
    )
      return;
    original(warning, ...rest);
  }) as typeof process.emitWarning;
}

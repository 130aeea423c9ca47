import { loadConfig } from '../../config/load.ts';
import { createLogger } from '../../core/logger.ts';
import { silenceKafkajsTimeoutWarning } from '../../io/kafka/kafka-client.ts';
import { startKafkaService } from '../../runtime/kafka-service.ts';
import { loadPseudonymKey } from '../../stages/pseudonymise/pseudonym-key.ts';
import type { Command } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const runCommand: Command = {
  summary: 'the service: Kafka in, ClickHouse out (config from files + environment)',
  usage: 'customs-aml run [--config DIR]',
  async run(args) {
    const { values } = parse(args, configOption);
    silenceKafkajsTimeoutWarning();
    const logger = createLogger();
    const config = loadConfig({ dir: values.config });
    const { key } = loadPseudonymKey({ envVar: config.pseudonymisation.keyEnv });
    const service = await startKafkaService({
      config,
      pseudonymKey: key,
      logger,
      serveMetrics: config.metrics.enabled,
    });
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down: flushing and committing what is done');
        service.stop().then(resolve, (error: Error) => {
          logger.error({ err: { message: error.message } }, 'shutdown failed');
          resolve();
        });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
    return 0;
  },
};

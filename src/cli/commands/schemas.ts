import { loadConfig } from '../../config/load.ts';
import { registerSchemas } from '../../io/kafka/schema-registry.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const schemasCommand: Command = {
  summary: 'schemas register: register the Avro schemas under the <topic>-value subjects',
  usage: 'customs-aml schemas register [--config DIR]',
  async run(args) {
    const { values, positionals } = parse(args, configOption, true);
    if (positionals[0] !== 'register' || positionals.length !== 1)
      throw new UsageError('the only schemas sub-command is: register');
    const config = loadConfig({ dir: values.config });
    if (!config.schemaRegistry)
      throw new UsageError('no schemaRegistry.url configured (or SCHEMA_REGISTRY_URL)');
    if (!config.kafka)
      throw new UsageError('no kafka block configured (or KAFKA_BROKERS): the topics name the subjects');
    const { topics } = config.kafka;
    const registered = await registerSchemas(config.schemaRegistry.url, {
      declarations: topics.declarations.name,
      manifests: topics.manifests.name,
      invoices: topics.invoices.name,
      alerts: topics.alerts,
    });
    for (const { subject, id } of registered) console.log(`${subject}: schema id ${id}`);
    return 0;
  },
};

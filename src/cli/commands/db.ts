import { loadConfig } from '../../config/load.ts';
import { createSink } from '../../io/clickhouse/create-sink.ts';
import { applyRetention } from '../../runtime/retention.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const dbCommand: Command = {
  summary: 'db migrate: apply the ClickHouse migrations to the configured sink',
  usage: 'customs-aml db migrate [--config DIR]',
  async run(args) {
    const { values, positionals } = parse(args, configOption, true);
    if (positionals[0] !== 'migrate' || positionals.length !== 1)
      throw new UsageError('the only db sub-command is: migrate');
    const config = loadConfig({ dir: values.config });
    const sink = createSink(config.sink);
    try {
      const applied = await sink.migrate();
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date');
      const retention = await applyRetention(sink, config.sink.retention);
      if (retention.skipped) console.log(retention.skipped);
      for (const { table, days } of retention.changed) {
        console.log(days === null ? `${table}: retention removed` : `${table}: retention ${days} days`);
      }
    } finally {
      await sink.close();
    }
    return 0;
  },
};

import { loadConfig } from '../../config/load.ts';
import { createSink } from '../../sink/create-sink.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const queryCommand: Command = {
  summary: 'run SQL on the store and print JSONEachRow',
  usage: 'customs-aml query [--store DIR] [--config DIR] "SQL"',
  async run(args) {
    const { values, positionals } = parse(args, { store: { type: 'string' }, ...configOption }, true);
    const sql = positionals.join(' ').trim();
    if (!sql) throw new UsageError('give the SQL to run');
    const config = loadConfig({ dir: values.config });
    // --store means the embedded store; otherwise the configured sink (chDB by default, or the server).
    const sinkConfig = values.store
      ? { ...config.sink, driver: 'chdb' as const, path: values.store }
      : config.sink;
    const sink = createSink(sinkConfig);
    try {
      for (const row of await sink.query(sql)) console.log(JSON.stringify(row));
    } finally {
      await sink.close();
    }
    return 0;
  },
};

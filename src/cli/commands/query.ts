import { loadConfig } from '../../config/load.ts';
import { createSink } from '../../io/clickhouse/create-sink.ts';
import { bindQuery, describePack, loadQueryPack } from '../../runtime/query-pack.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const queryCommand: Command = {
  summary: 'run SQL, or a named query of queries/, on the store and print JSONEachRow',
  usage:
    'customs-aml query [--store DIR] [--config DIR] "SQL" | --name NAME [--param k=v ...] | --list [--queries DIR]',
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        store: { type: 'string' },
        name: { type: 'string' },
        param: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        queries: { type: 'string' },
        ...configOption,
      },
      true,
    );
    const pack = () => loadQueryPack(values.queries);
    if (values.list) {
      console.log(describePack(pack()));
      return 0;
    }
    let sql = positionals.join(' ').trim();
    if (values.name !== undefined) {
      if (sql) throw new UsageError('give either SQL or --name, not both');
      const query = pack().get(values.name);
      if (!query) throw new UsageError(`no query named ${values.name} (see customs-aml query --list)`);
      const params: Record<string, string> = {};
      for (const pair of values.param ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--param wants name=value, got ${pair}`);
        params[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      try {
        sql = bindQuery(query, params);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    } else if (values.param !== undefined) throw new UsageError('--param goes with --name');
    if (!sql) throw new UsageError('give the SQL to run, or --name NAME, or --list');
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

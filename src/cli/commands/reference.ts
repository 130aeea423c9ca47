import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { createSink } from '../../io/clickhouse/create-sink.ts';
import { buildReferenceTable, referenceTableYaml } from '../../runtime/reference-build.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const referenceCommand: Command = {
  summary: 'reference build: learn reference unit prices from the stored trade invoices',
  usage:
    'customs-aml reference build [--store DIR] [--config DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--min-sample N] [--out FILE]',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'build') throw new UsageError('expected the sub-command "build"');
    const { values } = parse(rest, {
      store: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'min-sample': { type: 'string' },
      out: { type: 'string' },
      ...configOption,
    });
    const minSampleSize = values['min-sample'] === undefined ? 20 : Number(values['min-sample']);
    if (!Number.isInteger(minSampleSize) || minSampleSize < 1)
      throw new UsageError('--min-sample: expected a whole number >= 1');
    const config = loadConfig({ dir: values.config });
    const sinkConfig = values.store
      ? { ...config.sink, driver: 'chdb' as const, path: values.store }
      : config.sink;
    const sink = createSink(sinkConfig);
    const out = values.out ?? join(values.config, 'reference', 'learned-reference-prices.yaml');
    try {
      const result = await buildReferenceTable(sink, config.reference.fxRates, {
        from: values.from,
        to: values.to,
        minSampleSize,
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, referenceTableYaml(result));
      console.log(
        `wrote ${out}: ${result.table.prices.length} reference ranges from ${result.invoices} invoices (${result.lines} lines)`,
      );
    } finally {
      await sink.close();
    }
    return 0;
  },
};

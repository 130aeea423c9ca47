import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/load.ts';
import { createSink } from '../../io/clickhouse/create-sink.ts';
import type { Command } from '../command.ts';
import { configOption, parse } from '../options.ts';
import { runReplay } from './replay.ts';

const sample = (name: string) => fileURLToPath(new URL(`../../../data/sample/${name}`, import.meta.url));

export const demoCommand: Command = {
  summary: 'replay the bundled sample (data/sample/) into the embedded store and show the alerts',
  usage: 'customs-aml demo [--store DIR] [--config DIR]',
  async run(args) {
    const { values } = parse(args, { store: { type: 'string' }, ...configOption });
    const code = await runReplay({
      files: [
        { kind: 'declaration', path: sample('declarations.ndjson') },
        { kind: 'manifest', path: sample('manifests.ndjson') },
        { kind: 'invoice', path: sample('invoices.ndjson') },
      ],
      store: values.store,
      configDir: values.config,
    });
    const config = loadConfig({ dir: values.config });
    const sink = createSink({ ...config.sink, driver: 'chdb', path: values.store ?? config.sink.path });
    try {
      const rows = await sink.query(
        'SELECT rule_id, severity, score, explanation FROM alerts FINAL ORDER BY score DESC, alert_id LIMIT 10',
      );
      console.log('\ntop alerts:');
      for (const row of rows)
        console.log(`  [${row.rule_id} ${row.severity} ${row.score}] ${row.explanation}`);
    } finally {
      await sink.close();
    }
    return code;
  },
};

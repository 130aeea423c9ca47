import { loadConfig } from '../../config/load.ts';
import { createLogger } from '../../core/logger.ts';
import type { ReplayFile } from '../../io/files/ndjson-source.ts';
import { replay } from '../../runtime/embedded-replay.ts';
import { loadPseudonymKey } from '../../stages/pseudonymise/pseudonym-key.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export const replayUsage =
  'customs-aml replay [--declarations FILE] [--manifests FILE] [--invoices FILE] [--store DIR] [--config DIR]';

export interface ReplayRun {
  files: ReplayFile[];
  store: string | undefined;
  configDir: string;
}

/** Runs a replay and prints its summary; shared by `replay` and `demo`. */
export async function runReplay({ files, store, configDir }: ReplayRun): Promise<number> {
  const config = loadConfig({ dir: configDir });
  const storeDir = store ?? config.sink.path;
  const key = loadPseudonymKey({ envVar: config.pseudonymisation.keyEnv, allowGenerated: true, storeDir });
  if (key.created) {
    console.log(
      `note: ${config.pseudonymisation.keyEnv} is not set; generated a local pseudonymisation key in ${key.path} (demo only)`,
    );
  }
  const logger = createLogger();
  const summary = await replay({ files, store: storeDir, config, pseudonymKey: key.key, logger });
  console.log(summary.format());
  console.log(`store: ${storeDir} (query it with: customs-aml query --store ${storeDir} "SELECT ...")`);
  if (summary.totalRejected > 0) console.log(`rejected lines and reasons: ${storeDir}/dead-letter.ndjson`);
  return 0;
}

export const replayCommand: Command = {
  summary: 'run the engine over NDJSON files into the embedded store (chDB)',
  usage: replayUsage,
  async run(args) {
    const { values } = parse(args, {
      declarations: { type: 'string' },
      manifests: { type: 'string' },
      invoices: { type: 'string' },
      store: { type: 'string' },
      ...configOption,
    });
    const files: ReplayFile[] = [];
    if (values.declarations) files.push({ kind: 'declaration', path: values.declarations });
    if (values.manifests) files.push({ kind: 'manifest', path: values.manifests });
    if (values.invoices) files.push({ kind: 'invoice', path: values.invoices });
    if (files.length === 0)
      throw new UsageError('name at least one of --declarations, --manifests, --invoices');
    return runReplay({ files, store: values.store, configDir: values.config });
  },
};

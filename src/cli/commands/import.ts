import { loadMapping } from '../../importer/mapping.ts';
import { formatImportSummary, runImport } from '../../importer/run-import.ts';
import { type Command, UsageError } from '../command.ts';
import { parse } from '../options.ts';
import { parseInteger } from './generate.ts';

export const importUsage =
  'customs-aml import --mapping FILE --in FILE[,FILE...] --out DIR [--outcome-delay-days N (default 14)]';

export const importCommand: Command = {
  summary: 'map CSV exports to trade invoices and outcomes (NDJSON) with a declarative column mapping',
  usage: importUsage,
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(`usage: ${importUsage}\n\nSee docs/import.md for the mapping format.`);
      return 0;
    }
    const { values } = parse(args, {
      mapping: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      'outcome-delay-days': { type: 'string' },
    });
    if (!values.mapping) throw new UsageError('--mapping is required');
    if (!values.in) throw new UsageError('--in is required');
    if (!values.out) throw new UsageError('--out is required');
    const inputs = values.in
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    if (inputs.length === 0) throw new UsageError('--in names no file');
    const outcomeDelayDays = parseInteger('outcome-delay-days', values['outcome-delay-days'], 14);
    const mapping = loadMapping(values.mapping);
    const summary = await runImport({ mapping, inputs, outDir: values.out, outcomeDelayDays });
    for (const r of summary.firstRejections) console.error(`${r.file}:${r.line}: ${r.message}`);
    if (summary.rejected > summary.firstRejections.length)
      console.error(
        `... ${summary.rejected - summary.firstRejections.length} more in ${summary.files.rejected}`,
      );
    console.log(formatImportSummary(summary, values.out));
    // Nothing usable came out of a non-empty input: a wrong mapping, not a few bad rows.
    return summary.rows > 0 && summary.invoices === 0 ? 1 : 0;
  },
};

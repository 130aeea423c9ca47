// `customs-aml import`: CSV files through a column mapping into DIR/invoices.ndjson and
// DIR/outcomes.ndjson, every record checked against its contract on the way. A row that cannot be
// mapped or validated is left out of both files and reported by file, line and field (never by
// content) in DIR/rejected.ndjson.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { outcomeSchema } from '../core/contract/outcome.ts';
import { validateRecord } from '../stages/validate/validate-record.ts';
import { CsvSyntaxError, readCsv } from './csv-reader.ts';
import type { Mapping } from './mapping.ts';
import { compileRowMapper, RowError } from './row-mapper.ts';

export interface ImportOptions {
  mapping: Mapping;
  inputs: readonly string[];
  outDir: string;
  outcomeDelayDays: number;
}

export interface ImportRejection {
  file: string;
  line: number;
  /** The target field at fault: an invoice path (lines.0.hsCode) or outcome.<path>. */
  field: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  invoices: number;
  outcomes: number;
  findings: number;
  rejected: number;
  /** Rejections per field. */
  reasons: Map<string, number>;
  /** The first rejections, for the terminal; all of them are in rejected.ndjson. */
  firstRejections: ImportRejection[];
  elapsedMs: number;
  files: { invoices: string; outcomes: string; rejected: string };
}

const KEPT_REJECTIONS = 10;

/** Buffered NDJSON output that waits when the disk is slower than the mapping. */
class NdjsonWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];

  constructor(path: string) {
    this.stream = createWriteStream(path);
  }

  async write(value: unknown): Promise<void> {
    this.buffer.push(JSON.stringify(value));
    if (this.buffer.length >= 2_000) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  mkdirSync(options.outDir, { recursive: true });
  const files = {
    invoices: join(options.outDir, 'invoices.ndjson'),
    outcomes: join(options.outDir, 'outcomes.ndjson'),
    rejected: join(options.outDir, 'rejected.ndjson'),
  };
  const invoices = new NdjsonWriter(files.invoices);
  const outcomes = new NdjsonWriter(files.outcomes);
  const rejections = new NdjsonWriter(files.rejected);
  const summary: ImportSummary = {
    rows: 0,
    invoices: 0,
    outcomes: 0,
    findings: 0,
    rejected: 0,
    reasons: new Map(),
    firstRejections: [],
    elapsedMs: 0,
    files,
  };
  const reject = async (rejection: ImportRejection) => {
    summary.rejected++;
    summary.reasons.set(rejection.field, (summary.reasons.get(rejection.field) ?? 0) + 1);
    if (summary.firstRejections.length < KEPT_REJECTIONS) summary.firstRejections.push(rejection);
    await rejections.write(rejection);
  };

  try {
    for (const path of options.inputs) {
      const file = basename(path);
      let mapRow: ReturnType<typeof compileRowMapper> | undefined;
      try {
        for await (const record of readCsv(path, options.mapping.delimiter)) {
          if (!mapRow) {
            mapRow = compileRowMapper(options.mapping, record.fields, {
              file: path,
              outcomeDelayDays: options.outcomeDelayDays,
            });
            continue;
          }
          summary.rows++;
          let mapped: ReturnType<typeof mapRow>;
          try {
            mapped = mapRow(record.fields);
          } catch (error) {
            if (!(error instanceof RowError)) throw error;
            await reject({ file, line: record.line, field: error.field, message: error.message });
            continue;
          }
          const invoice = validateRecord('invoice', mapped.invoice);
          if (!invoice.ok) {
            await reject({
              file,
              line: record.line,
              field: invoice.error.field ?? '(record)',
              message: invoice.error.message,
            });
            continue;
          }
          if (mapped.outcome) {
            const outcome = outcomeSchema.safeParse(mapped.outcome);
            if (!outcome.success) {
              await reject({ file, line: record.line, ...describeOutcomeIssue(outcome.error.issues[0]) });
              continue;
            }
            await outcomes.write(mapped.outcome);
            summary.outcomes++;
            if (outcome.data.result === 'FINDING') summary.findings++;
          }
          await invoices.write(mapped.invoice);
          summary.invoices++;
        }
      } catch (error) {
        if (error instanceof CsvSyntaxError) throw new Error(`${path}: ${error.message}`);
        throw error;
      }
      if (!mapRow) throw new Error(`${path}: empty file (no header line)`);
    }
  } finally {
    await Promise.all([invoices.close(), outcomes.close(), rejections.close()]);
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

function describeOutcomeIssue(issue: z.core.$ZodIssue | undefined): { field: string; message: string } {
  if (!issue) return { field: 'outcome', message: 'the outcome is invalid' };
  const path = issue.path.map(String).join('.');
  const field = path === '' ? 'outcome' : `outcome.${path}`;
  return { field, message: `${field} is invalid: ${issue.message}` };
}

/** The one-line summary the command prints. */
export function formatImportSummary(summary: ImportSummary, outDir: string): string {
  const top = [...summary.reasons]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([field, n]) => `${field}: ${n}`);
  const rejected = summary.rejected === 0 ? '0 rejected' : `${summary.rejected} rejected (${top.join(', ')})`;
  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  return (
    `import: ${summary.rows} rows, ${summary.invoices} invoices, ${summary.outcomes} outcomes ` +
    `(${summary.findings} with findings), ${rejected} in ${seconds} s -> ${outDir}`
  );
}

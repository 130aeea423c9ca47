// A mapping compiled against one file's header: CSV row in, the invoice JSON (as events.md has it)
// and, when the row's label is not empty, its outcome JSON out. Columns are looked up once per file;
// a mapping that names a column the header lacks fails before the first row.
import type { FindingKind } from '../core/contract/outcome.ts';
import {
  effectiveType,
  type InvoiceTarget,
  invoiceTargets,
  type Mapping,
  MappingError,
  type OutcomeMapping,
  type OutcomeTarget,
  outcomeTargets,
  parseTemplate,
  type TargetKind,
  type ValueSpec,
} from './mapping.ts';
import {
  CellError,
  isoUtc,
  readDate,
  readDateTime,
  readDecimal,
  readIsoTimestamp,
  zeroPad,
} from './values.ts';

/** Reads one value of a row; undefined when the source is empty and there is no default. */
type Reader = (row: readonly string[]) => string | undefined;

/** A row that cannot be mapped: the target field and what is wrong, never the cell's content. */
export class RowError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'RowError';
    this.field = field;
  }
}

export interface MappedRow {
  invoice: Record<string, unknown>;
  outcome?: Record<string, unknown>;
}

export type RowMapper = (row: readonly string[]) => MappedRow;

export interface RowMapperOptions {
  /** Outcomes are decided this many days after the invoice's declaredAt. */
  outcomeDelayDays: number;
  /** Names the file in errors about its header. */
  file: string;
}

const DAY_MS = 86_400_000;

export function compileRowMapper(
  mapping: Mapping,
  header: readonly string[],
  options: RowMapperOptions,
): RowMapper {
  const columns = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.trim();
    if (!columns.has(key)) columns.set(key, index);
  });
  const missing: string[] = [];
  const columnIndex = (name: string, where: string): number => {
    const index = columns.get(name);
    if (index === undefined) {
      missing.push(`${options.file}: no column "${name}" (named by ${where}) in the header`);
      return -1;
    }
    return index;
  };

  const fieldReaders = (Object.keys(invoiceTargets) as InvoiceTarget[])
    .filter((target) => mapping.fields[target] !== undefined)
    .map((target) => ({
      target,
      read: compileReader(mapping.fields[target]!, invoiceTargets[target], `fields.${target}`, columnIndex),
    }));
  const attributeReaders = Object.entries(mapping.attributes).map(([name, spec]) => ({
    name,
    read: compileReader(spec, 'text', `attributes.${name}`, columnIndex),
  }));
  const outcome = mapping.outcome ? compileOutcome(mapping.outcome, columnIndex, options) : undefined;
  if (missing.length > 0) throw new MappingError(missing);

  return (row) => {
    const invoice: Record<string, unknown> = {};
    for (const { target, read } of fieldReaders) {
      const value = readField(read, row, target);
      if (value !== undefined) setTarget(invoice, target, value);
    }
    if (attributeReaders.length > 0) {
      const attributes: Record<string, string> = {};
      for (const { name, read } of attributeReaders) {
        const value = readField(read, row, `attributes.${name}`);
        if (value !== undefined) attributes[name] = value;
      }
      if (Object.keys(attributes).length > 0) {
        // Before the lines, as in the contract's field order.
        const { lines } = invoice;
        delete invoice.lines;
        invoice.attributes = attributes;
        if (lines !== undefined) invoice.lines = lines;
      }
    }
    const mapped: MappedRow = { invoice };
    const decided = outcome?.(row, invoice);
    if (decided) mapped.outcome = decided;
    return mapped;
  };
}

function readField(read: Reader, row: readonly string[], field: string): string | undefined {
  try {
    return read(row);
  } catch (error) {
    if (error instanceof CellError) throw new RowError(field, error.message);
    throw error;
  }
}

/** Places a dotted target into the invoice; `line.*` goes to the invoice's single line. */
function setTarget(invoice: Record<string, unknown>, target: string, value: string): void {
  const [head, leaf] = target.split('.') as [string, string | undefined];
  if (leaf === undefined) {
    invoice[head] = value;
    return;
  }
  if (head === 'line') {
    invoice.lines ??= [{}];
    (invoice.lines as Record<string, unknown>[])[0]![leaf] = value;
    return;
  }
  invoice[head] ??= {};
  (invoice[head] as Record<string, unknown>)[leaf] = value;
}

function compileReader(
  spec: ValueSpec,
  kind: TargetKind,
  where: string,
  columnIndex: (name: string, where: string) => number,
): Reader {
  if (spec.constant !== undefined) {
    const constant = spec.constant;
    return () => constant;
  }
  const fallback = spec.default;
  if (spec.template !== undefined) {
    const parts = parseTemplate(spec.template) ?? [];
    const compiled = parts.map((part) =>
      'column' in part ? { index: columnIndex(part.column, where) } : { text: part.text },
    );
    return (row) => {
      let out = '';
      for (const part of compiled) {
        if ('text' in part) out += part.text;
        else {
          const cell = (row[part.index] ?? '').trim();
          if (cell === '') return fallback;
          out += cell;
        }
      }
      return out;
    };
  }
  const index = columnIndex(spec.column!, where);
  const type = effectiveType(spec, kind);
  const convert = cellConverter(spec, type);
  const map = spec.map;
  const otherwise = spec.otherwise;
  return (row) => {
    const cell = (row[index] ?? '').trim();
    if (cell === '') return fallback;
    let value = cell;
    if (map !== undefined) {
      const mapped = Object.hasOwn(map, cell) ? map[cell] : otherwise;
      if (mapped === undefined)
        throw new CellError(`a value the map of column "${spec.column}" does not list`);
      value = mapped;
    }
    return convert(value);
  };
}

function cellConverter(spec: ValueSpec, type: ReturnType<typeof effectiveType>): (cell: string) => string {
  const format = spec.format === 'ISO' || spec.format === undefined ? 'YYYY-MM-DD' : spec.format;
  switch (type) {
    case 'decimal': {
      const round = spec.round;
      return (cell) => readDecimal(cell, round);
    }
    case 'date':
      return (cell) => readDate(cell, format);
    case 'timestamp': {
      if (spec.format === 'ISO') return readIsoTimestamp;
      const time = spec.time ?? '00:00:00Z';
      return (cell) => readDateTime(cell, format, time);
    }
    case 'string': {
      const width = spec.zeroPad;
      return width === undefined ? (cell) => cell : (cell) => zeroPad(cell, width);
    }
  }
}

type OutcomeBuilder = (
  row: readonly string[],
  invoice: Record<string, unknown>,
) => Record<string, unknown> | undefined;

function compileOutcome(
  block: OutcomeMapping,
  columnIndex: (name: string, where: string) => number,
  options: RowMapperOptions,
): OutcomeBuilder {
  const labelIndex = columnIndex(block.label.column, 'outcome.label.column');
  const finding = new Set(block.label.finding);
  const noFinding = new Set(block.label.noFinding);
  const id = compileReader({ template: block.id }, 'text', 'outcome.id', columnIndex);
  const findings = block.findings.map((rule, i) => {
    if (typeof rule === 'string') return { kind: rule as FindingKind, test: () => true };
    const when = rule.when;
    if (when === undefined) return { kind: rule.kind, test: () => true };
    const index = columnIndex(when.column, `outcome.findings.${i}.when.column`);
    const values = new Set(when.equals);
    return { kind: rule.kind, test: (row: readonly string[]) => values.has((row[index] ?? '').trim()) };
  });
  const fields = (Object.keys(outcomeTargets) as OutcomeTarget[])
    .filter((target) => block.fields[target] !== undefined)
    .map((target) => ({
      target,
      read: compileReader(
        block.fields[target]!,
        outcomeTargets[target],
        `outcome.fields.${target}`,
        columnIndex,
      ),
    }));
  const delayMs = options.outcomeDelayDays * DAY_MS;

  return (row, invoice) => {
    const label = (row[labelIndex] ?? '').trim();
    // An empty label: the row was not controlled, or its result is not known yet.
    if (label === '') return undefined;
    const isFinding = finding.has(label);
    if (!isFinding && !noFinding.has(label))
      throw new RowError(
        'outcome.label',
        `column "${block.label.column}" holds neither a finding nor a no-finding value`,
      );
    const outcomeId = readField(id, row, 'outcomeId');
    if (outcomeId === undefined) throw new RowError('outcomeId', 'a column of the id template is empty');
    const declaredAt = typeof invoice.declaredAt === 'string' ? Date.parse(invoice.declaredAt) : Number.NaN;
    if (Number.isNaN(declaredAt))
      throw new RowError('outcome.decidedAt', 'the invoice has no declaredAt to date it by');
    const outcome: Record<string, unknown> = {
      outcomeId,
      decidedAt: isoUtc(declaredAt + delayMs),
      reportingCountry: invoice.reportingCountry,
      subjectKind: 'INVOICE',
      subjectId: invoice.invoiceId,
      source: block.source,
      result: isFinding ? 'FINDING' : 'NO_FINDING',
      findings: isFinding ? findings.filter((f) => f.test(row)).map((f) => f.kind) : [],
    };
    for (const { target, read } of fields) {
      const value = readField(read, row, `outcome.${target}`);
      if (value !== undefined) outcome[target] = value;
    }
    return outcome;
  };
}

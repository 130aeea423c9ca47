// The declarative column mapping of `customs-aml import` (docs/import.md), validated by zod with
// errors that name the file and the key: `kcs.yaml: fields.declaredAt.format: expected one of ...`.
import { readFileSync } from 'node:fs';
import { parse, YAMLError } from 'yaml';
import { z } from 'zod';
import { findingKinds, outcomeSources } from '../core/contract/outcome.ts';

/** What a target field holds, which decides how a cell is read when the mapping names no type. */
export type TargetKind = 'text' | 'decimal' | 'date' | 'timestamp';

/**
 * The invoice fields a mapping may fill, in the order of the invoice contract. One CSV row is one
 * invoice with one line (`line.*`); transitCountries is not mapped.
 */
export const invoiceTargets = {
  invoiceId: 'text',
  invoiceNumber: 'text',
  invoiceDate: 'date',
  declaredAt: 'timestamp',
  flow: 'text',
  reportingCountry: 'text',
  'exporter.id': 'text',
  'exporter.name': 'text',
  'exporter.country': 'text',
  'importer.id': 'text',
  'importer.name': 'text',
  'importer.country': 'text',
  originCountry: 'text',
  dispatchCountry: 'text',
  destinationCountry: 'text',
  incoterm: 'text',
  currency: 'text',
  totalValue: 'decimal',
  transportDocument: 'text',
  'payment.method': 'text',
  'payment.payerName': 'text',
  'payment.payerCountry': 'text',
  'declarant.id': 'text',
  customsOffice: 'text',
  transportMode: 'text',
  'line.hsCode': 'text',
  'line.description': 'text',
  'line.quantity': 'decimal',
  'line.unit': 'text',
  'line.netWeightKg': 'decimal',
  'line.value': 'decimal',
} as const satisfies Record<string, TargetKind>;

export type InvoiceTarget = keyof typeof invoiceTargets;

/** The fields every invoice must have: a mapping that leaves one out is rejected at load. */
export const requiredInvoiceTargets: readonly InvoiceTarget[] = [
  'invoiceId',
  'invoiceNumber',
  'invoiceDate',
  'declaredAt',
  'flow',
  'reportingCountry',
  'exporter.id',
  'exporter.name',
  'exporter.country',
  'importer.id',
  'importer.name',
  'importer.country',
  'originCountry',
  'dispatchCountry',
  'destinationCountry',
  'currency',
  'totalValue',
  'line.hsCode',
  'line.description',
  'line.quantity',
  'line.unit',
  'line.value',
];

/** Outcome fields a mapping may fill from the row; the rest come from the invoice and the label. */
export const outcomeTargets = {
  revenueRecovered: 'decimal',
  valueSeized: 'decimal',
  currency: 'text',
  officeId: 'text',
  analyst: 'text',
  note: 'text',
} as const satisfies Record<string, TargetKind>;

export type OutcomeTarget = keyof typeof outcomeTargets;

export const dateFormats = ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof dateFormats)[number];
export const valueTypes = ['string', 'decimal', 'date', 'timestamp'] as const;
export type ValueType = (typeof valueTypes)[number];

const text = z.string().trim().min(1, 'expected a non-empty text');
const scalar = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a text or a number' })
  .transform(String);
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Placeholders `{Column Name}`; `{{` and `}}` are literal braces. */
export const templateText = text.refine(
  (t) => parseTemplate(t) !== null,
  'expected a template such as "KCS-{Declaration ID}" (a {column} per placeholder, {{ and }} for braces)',
);

/** One value: from a column (read as its type), a constant, or a template over columns. */
const valueSpecShape = z
  .object({
    column: text.optional(),
    constant: scalar.optional(),
    template: templateText.optional(),
    type: z.enum(valueTypes).optional(),
    /** Date layout of the cell (date and timestamp types). Default YYYY-MM-DD. */
    format: z.enum([...dateFormats, 'ISO']).optional(),
    /** Time of day and zone given to a date read as a timestamp, e.g. "00:00:00Z". */
    time: z
      .string()
      .regex(TIME, 'expected a time of day with a zone such as "00:00:00Z" or "12:00+09:00"')
      .optional(),
    /** Cell value -> value. */
    map: z.record(z.string(), scalar).optional(),
    /** For a cell value the map does not list; without it such a value rejects the row. */
    otherwise: scalar.optional(),
    /** For an empty cell (or a template with an empty column). */
    default: scalar.optional(),
    /** Decimals: more places than this are rounded half to even (0 to 6). */
    round: z.number().int().min(0).max(6).optional(),
    /** Digit-only text shorter than this is left-padded with zeros (codes that lost leading zeros). */
    zeroPad: z.number().int().min(1).max(20).optional(),
  })
  .strict();

export type ValueSpec = z.output<typeof valueSpecShape>;

export const valueSpec = valueSpecShape.superRefine((spec, ctx) => {
  const sources = (['column', 'constant', 'template'] as const).filter((k) => spec[k] !== undefined);
  if (sources.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        sources.length === 0
          ? 'expected one of column, constant or template'
          : `expected only one of column, constant or template (found ${sources.join(', ')})`,
    });
    return;
  }
  const columnOnly = ['type', 'format', 'time', 'map', 'otherwise', 'round', 'zeroPad'] as const;
  if (spec.column === undefined) {
    for (const key of columnOnly) {
      if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'only with column' });
    }
    if (spec.constant !== undefined && spec.default !== undefined)
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'a constant needs no default' });
  }
  if (spec.otherwise !== undefined && spec.map === undefined)
    ctx.addIssue({ code: 'custom', path: ['otherwise'], message: 'only with map' });
});

const defaultTypes: Record<TargetKind, ValueType> = {
  text: 'string',
  decimal: 'decimal',
  date: 'date',
  timestamp: 'timestamp',
};

/** The type a column is read as: the mapping's, else the one its target field holds. */
export function effectiveType(spec: ValueSpec, kind: TargetKind): ValueType {
  return spec.type ?? defaultTypes[kind];
}

/** Checks that depend on the target field: a type it can hold, options that fit the type. */
function checkTarget(
  spec: ValueSpec,
  kind: TargetKind,
  name: string,
  path: PropertyKey[],
  ctx: z.RefinementCtx,
) {
  const type = effectiveType(spec, kind);
  const fits = kind === 'text' ? type !== 'timestamp' : type === defaultTypes[kind];
  if (!fits)
    ctx.addIssue({ code: 'custom', path: [...path, 'type'], message: `${name} cannot hold a ${type}` });
  if (spec.column === undefined) return;
  if (spec.time !== undefined && type !== 'timestamp')
    ctx.addIssue({ code: 'custom', path: [...path, 'time'], message: 'only for timestamps' });
  if (spec.format !== undefined && type !== 'date' && type !== 'timestamp')
    ctx.addIssue({ code: 'custom', path: [...path, 'format'], message: 'only for dates and timestamps' });
  if (spec.format === 'ISO' && type !== 'timestamp')
    ctx.addIssue({ code: 'custom', path: [...path, 'format'], message: 'ISO only for timestamps' });
  if (spec.format === 'ISO' && spec.time !== undefined)
    ctx.addIssue({ code: 'custom', path: [...path, 'time'], message: 'an ISO timestamp has its own time' });
  if (spec.round !== undefined && type !== 'decimal')
    ctx.addIssue({ code: 'custom', path: [...path, 'round'], message: 'only for decimals' });
}

/** A label cell: which values mean a finding, which mean none (anything else rejects the row). */
const labelValues = z.union([scalar, z.array(scalar).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const findingRule = z.union(
  [
    z.enum(findingKinds),
    z
      .object({
        kind: z.enum(findingKinds),
        /** Attached only when this column holds one of these values. */
        when: z.object({ column: text, equals: labelValues }).strict().optional(),
      })
      .strict(),
  ],
  { error: `expected a finding kind (${findingKinds.join(', ')}) or { kind, when: { column, equals } }` },
);

const outcomeBlock = z
  .object({
    /** Outcome id template, e.g. "KCS-OUT-{Declaration ID}": same row, same id. */
    id: templateText,
    label: z.object({ column: text, finding: labelValues, noFinding: labelValues }).strict(),
    source: z.enum(outcomeSources).default('CONTROL'),
    /** Finding kinds attached to a FINDING outcome. */
    findings: z.array(findingRule).min(1, 'expected at least one finding kind'),
    fields: z
      .record(
        z
          .string()
          .refine(
            (key) => key in outcomeTargets,
            `not an outcome field a mapping fills (known: ${Object.keys(outcomeTargets).join(', ')})`,
          ),
        valueSpec,
      )
      .default({}),
  })
  .strict()
  .superRefine((block, ctx) => {
    const overlap = block.label.finding.filter((v) => block.label.noFinding.includes(v));
    if (overlap.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['label'],
        message: `finding and noFinding share ${overlap.join(', ')}`,
      });
    for (const [key, spec] of Object.entries(block.fields)) {
      checkTarget(spec, outcomeTargets[key as OutcomeTarget], key, ['fields', key], ctx);
    }
  });

const ATTRIBUTE = /^[a-z][a-z0-9_]{0,39}$/;

export const mappingSchema = z
  .object({
    kind: z.literal('invoice', { error: 'expected "invoice" (the only target kind so far)' }),
    description: z.string().optional(),
    /** Field delimiter of the CSV files; default ",". */
    delimiter: z.string().length(1, 'expected one character').default(','),
    fields: z.record(
      z
        .string()
        .refine(
          (key) => key in invoiceTargets,
          `not an invoice field (known: ${Object.keys(invoiceTargets).join(', ')})`,
        ),
      valueSpec,
    ),
    /** Attribute name -> a column name, or a value spec. */
    attributes: z
      .record(
        z.string().regex(ATTRIBUTE, 'expected an attribute name: a-z, 0-9 and _, a letter first, at most 40'),
        z.union([text.transform((column): ValueSpec => ({ column })), valueSpec]),
      )
      .refine((a) => Object.keys(a).length <= 32, 'expected at most 32 attributes')
      .default({}),
    outcome: outcomeBlock.optional(),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    // Runs once each block is valid on its own: type and option checks need the target.
    for (const [key, spec] of Object.entries(mapping.fields)) {
      checkTarget(spec, invoiceTargets[key as InvoiceTarget], key, ['fields', key], ctx);
    }
    for (const key of requiredInvoiceTargets) {
      if (!(key in mapping.fields))
        ctx.addIssue({ code: 'custom', path: ['fields', key], message: 'missing (every invoice needs it)' });
    }
    for (const [name, spec] of Object.entries(mapping.attributes)) {
      checkTarget(spec, 'text', `attribute ${name}`, ['attributes', name], ctx);
    }
  });

export type Mapping = z.output<typeof mappingSchema>;
export type OutcomeMapping = NonNullable<Mapping['outcome']>;

/** An invalid mapping file; one line per issue: `<file>: <key path>: <what is wrong>`. */
export class MappingError extends Error {
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.name = 'MappingError';
  }
}

/** Parses and validates a mapping given as YAML text; `file` names it in errors. */
export function parseMapping(yamlText: string, file: string): Mapping {
  let raw: unknown;
  try {
    raw = parse(yamlText);
  } catch (error) {
    const message = error instanceof YAMLError ? error.message.split('\n')[0] : String(error);
    throw new MappingError([`${file}: not valid YAML: ${message}`]);
  }
  const result = mappingSchema.safeParse(raw);
  if (!result.success) {
    throw new MappingError(
      result.error.issues.flatMap((issue) => {
        const inner = issue.code === 'invalid_key' ? issue.issues : [issue];
        return inner.map((i) => {
          const path = issue.path.join('.');
          const message = i.message.replace(/^Invalid (input|option): /, '');
          return path === '' ? `${file}: ${message}` : `${file}: ${path}: ${message}`;
        });
      }),
    );
  }
  return result.data;
}

export function loadMapping(file: string): Mapping {
  let yamlText: string;
  try {
    yamlText = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MappingError([`${file}: cannot be read (${(error as Error).message})`]);
  }
  return parseMapping(yamlText, file);
}

export type TemplatePart = { text: string } | { column: string };

/** A template's literal and column parts, or null when its braces do not pair. */
export function parseTemplate(template: string): TemplatePart[] | null {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const close = template.indexOf('}', i + 1);
      const column = close < 0 ? '' : template.slice(i + 1, close).trim();
      if (column === '' || column.includes('{')) return null;
      if (literal !== '') parts.push({ text: literal });
      literal = '';
      parts.push({ column });
      i = close;
    } else if (c === '}') {
      return null;
    } else {
      literal += c;
    }
  }
  if (literal !== '') parts.push({ text: literal });
  return parts;
}

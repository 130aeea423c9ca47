// Checks a decoded record against the zod input schema of its event kind. The error names the
// first offending field and what is wrong with it, never its value (records carry personal data).
import { z } from 'zod';
import { type CourierManifestInput, courierManifestSchema } from '../../core/contract/courier-manifest.ts';
import {
  type CurrencyDeclarationInput,
  currencyDeclarationSchema,
} from '../../core/contract/currency-declaration.ts';
import { type TradeInvoiceInput, tradeInvoiceSchema } from '../../core/contract/trade-invoice.ts';
import type { EventKind } from '../../core/events.ts';
import { type RecordError, recordError } from '../../core/record-error.ts';

export interface EventInputs {
  declaration: CurrencyDeclarationInput;
  manifest: CourierManifestInput;
  invoice: TradeInvoiceInput;
}

/** The validated (not yet pseudonymised) input of an event kind. */
export type EventInput<K extends EventKind> = EventInputs[K];

export const inputSchemas = {
  declaration: currencyDeclarationSchema,
  manifest: courierManifestSchema,
  invoice: tradeInvoiceSchema,
} as const satisfies Record<EventKind, z.ZodType>;

// zod's own ahead-of-time compiled parsers of the same schemas: a valid record takes the generated
// fast path (about 4× faster, far less garbage); an invalid one falls back to the runtime parser,
// so issues and their order are exactly the runtime's. A schema zod cannot compile stays on the
// runtime parser (test/validate/compiled-validation.test.ts checks that all three compile).
const compiledSchemas: Record<EventKind, z.ZodType> = {
  declaration: z.compile(currencyDeclarationSchema),
  manifest: z.compile(courierManifestSchema),
  invoice: z.compile(tradeInvoiceSchema),
};

export type ValidationResult<K extends EventKind> =
  | { ok: true; input: EventInput<K> }
  | { ok: false; error: RecordError };

export function validateRecord<K extends EventKind>(kind: K, value: unknown): ValidationResult<K> {
  let result: z.ZodSafeParseResult<unknown>;
  try {
    result = compiledSchemas[kind].safeParse(value);
  } catch {
    return {
      ok: false,
      error: recordError('internal', 'validation-failed', `validating a ${kind} failed unexpectedly`),
    };
  }
  if (result.success) return { ok: true, input: result.data as EventInput<K> };
  const issue = result.error.issues[0];
  if (!issue)
    return { ok: false, error: recordError('validate', 'invalid-record', `the ${kind} is invalid`) };
  return { ok: false, error: issueToError(kind, issue, value) };
}

function issueToError(kind: EventKind, issue: z.core.$ZodIssue, value: unknown): RecordError {
  const path = issue.path.map((segment) =>
    typeof segment === 'symbol' ? (segment.description ?? '') : String(segment),
  );
  const field = path.length > 0 ? path.join('.') : undefined;
  const at = valueAt(value, issue.path);
  const missing = issue.code === 'invalid_type' && at.found === false;
  const reason = field === undefined ? 'invalid-record' : missing ? 'missing-field' : 'invalid-field';
  const what = missing ? 'is required' : describe(issue, at);
  const message = field === undefined ? `the ${kind} ${what}` : `${field} ${what}`;
  return recordError('validate', reason, message, field);
}

// zod's own and this project's messages carry no input values; this keeps it so even if a future
// message quoted the value: then a generic wording by issue code is used instead.
function describe(issue: z.core.$ZodIssue, at: { found: boolean; value?: unknown }): string {
  // A bad map key (invoice attributes): its own message says what a key must look like.
  const text = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  const held =
    at.found && (typeof at.value === 'string' || typeof at.value === 'number') ? String(at.value).trim() : '';
  if (text && !(held.length >= 3 && text.includes(held))) return `is invalid: ${text}`;
  return genericMessages[issue.code] ?? 'is invalid';
}

const genericMessages: Partial<Record<z.core.$ZodIssue['code'], string>> = {
  invalid_type: 'has the wrong type',
  too_big: 'is too large or too long',
  too_small: 'is too small or too short',
  invalid_format: 'has an invalid format',
  invalid_value: 'is not one of the allowed values',
  invalid_union: 'matches none of the allowed forms',
  not_multiple_of: 'is not a multiple of the allowed step',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment))
      return { found: false };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}

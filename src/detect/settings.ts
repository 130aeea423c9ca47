// Rule settings read from config/rules.yaml: one block per rule id, each with `enabled`, the
// rule's parameters (with defaults) and `overrides` per reporting country. A rule's version is not
// configurable: it lives in the rule and is bumped when its logic or defaults change.
//
// Adding a rule's block: write its parameter shape (every field with a default) in
// rule-parameters/cash-courier.ts or rule-parameters/tbml.ts and list it there by rule id.
// Unknown rule ids and unknown keys are errors.
import { z } from 'zod';
import { countryCode } from '../reference/reference.ts';
import { cashCourierParameters } from './rules/parameters/cash-courier.ts';
import { tbmlParameters } from './rules/parameters/tbml.ts';

// ---------------------------------------------------------------------------------------------
// The block every rule shares

/** The override schema of a parameter: the same type, no default, optional. */
function withoutDefault(schema: z.ZodType): z.ZodType {
  return (schema instanceof z.ZodDefault ? (schema.unwrap() as unknown as z.ZodType) : schema).optional();
}

function ruleBlock<Shape extends z.ZodRawShape>(parameters: Shape) {
  const base = z.object({ enabled: z.boolean().default(true), ...parameters });
  const overrideShape = Object.fromEntries(
    Object.entries(base.shape).map(([key, schema]) => [key, withoutDefault(schema as z.ZodType)]),
  );
  const override = z.object(overrideShape).strict() as unknown as ReturnType<typeof base.partial>;
  const block = base
    /** Per reporting country: a partial of `enabled` and the parameters, over the block's values. */
    .extend({ overrides: z.record(countryCode, override).default({}) })
    .strict();
  // Every field has a default, so an absent block is the empty object (`never`: generic input type).
  return block.prefault({} as never);
}

type Blocks<P extends Record<string, z.ZodRawShape>> = {
  [Id in keyof P]: ReturnType<typeof ruleBlock<P[Id]>>;
};

function blocks<P extends Record<string, z.ZodRawShape>>(parameters: P): Blocks<P> {
  return Object.fromEntries(
    Object.entries(parameters).map(([id, shape]) => [id, ruleBlock(shape)]),
  ) as Blocks<P>;
}

export const rulesSchema = z.object({ ...blocks(cashCourierParameters), ...blocks(tbmlParameters) }).strict();

export type RulesConfig = z.output<typeof rulesSchema>;
export type RuleId = keyof RulesConfig;
/** A rule's effective settings in one reporting country: `enabled` and the parameters. */
export type RuleSettings<Id extends RuleId> = Omit<RulesConfig[Id], 'overrides'>;

// Rules ask for their settings on every event (about sixty times per event in all): resolved once
// per (config, country, rule) and found again by map look-ups that build no key string. All the
// rules of one event ask for the same config and country, so that level is kept at hand.
const resolved = new WeakMap<RulesConfig, Map<string, Map<string, unknown>>>();
let lastRules: RulesConfig | undefined;
let lastCountry: string | undefined;
let lastById: Map<string, unknown> | undefined;

/** The block's values with the reporting country's overrides applied. The result is shared: read only. */
export function ruleSettings<Id extends RuleId>(
  rules: RulesConfig,
  id: Id,
  reportingCountry: string,
): RuleSettings<Id> {
  const byId =
    rules === lastRules && reportingCountry === lastCountry && lastById !== undefined
      ? lastById
      : settingsOf(rules, reportingCountry);
  let settings = byId.get(id) as RuleSettings<Id> | undefined;
  if (settings === undefined) {
    settings = resolveSettings(rules, id, reportingCountry);
    byId.set(id, settings);
  }
  return settings;
}

/** The resolved settings of a (config, country), by rule id. */
function settingsOf(rules: RulesConfig, reportingCountry: string): Map<string, unknown> {
  let byCountry = resolved.get(rules);
  if (!byCountry) {
    byCountry = new Map();
    resolved.set(rules, byCountry);
  }
  let byId = byCountry.get(reportingCountry);
  if (!byId) {
    byId = new Map();
    byCountry.set(reportingCountry, byId);
  }
  lastRules = rules;
  lastCountry = reportingCountry;
  lastById = byId;
  return byId;
}

function resolveSettings<Id extends RuleId>(
  rules: RulesConfig,
  id: Id,
  reportingCountry: string,
): RuleSettings<Id> {
  const { overrides, ...base } = rules[id];
  const override = (overrides as Record<string, Record<string, unknown>>)[reportingCountry];
  if (!override) return base as RuleSettings<Id>;
  const settings: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) if (value !== undefined) settings[key] = value;
  return settings as RuleSettings<Id>;
}

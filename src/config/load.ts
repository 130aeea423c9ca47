// Reads the operator's configuration, applies environment overrides, validates it and says
// exactly what is wrong and where: `config/rules.yaml: rules.TB-UNIT-PRICE.k: expected a number
// greater than 0`.
//
//   <dir>/customs-aml.yaml      service settings (kafka, schemaRegistry, sink, engine, ...)
//   <dir>/rules.yaml            one block per rule id          → config.rules
//   <dir>/reference/<name>.yaml one file per reference list    → config.reference.<nameInCamelCase>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLError } from 'yaml';
import type { z } from 'zod';
import { rulesSchema } from '../detect/settings.ts';
import { referenceSchema } from '../reference/reference.ts';
import { type Config, configSchema } from './schema.ts';

export interface ConfigIssue {
  /** The file the value came from, or `environment NAME` / `overrides`. */
  file: string;
  /** Dotted key path in the whole configuration, e.g. `rules.TB-UNIT-PRICE.k`; empty for the file itself. */
  path: string;
  message: string;
}

/** Invalid configuration; the message has one line per issue: `<file>: <key path>: <what is wrong>`. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function formatIssue(issue: ConfigIssue): string {
  return issue.path === ''
    ? `${issue.file}: ${issue.message}`
    : `${issue.file}: ${issue.path}: ${issue.message}`;
}

export interface LoadConfigOptions {
  /** The configuration folder. Default `config`. */
  dir?: string;
  /** Environment for the overrides below. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Values merged over everything else (objects deeply, arrays and scalars replaced), e.g. from the CLI. */
  overrides?: Record<string, unknown>;
}

type Tree = Record<string, unknown>;

/** Environment variables and where they go. Empty values count as unset. */
export const environmentOverrides: ReadonlyArray<{
  name: string;
  apply(raw: Tree, value: string): string[];
}> = [
  {
    name: 'KAFKA_BROKERS',
    apply: (raw, value) => {
      setAt(
        raw,
        ['kafka', 'brokers'],
        value
          .split(',')
          .map((b) => b.trim())
          .filter((b) => b !== ''),
      );
      return ['kafka.brokers'];
    },
  },
  {
    name: 'SCHEMA_REGISTRY_URL',
    apply: (raw, value) => {
      setAt(raw, ['schemaRegistry', 'url'], value.trim());
      return ['schemaRegistry.url'];
    },
  },
  {
    name: 'CLICKHOUSE_URL',
    apply: (raw, value) => {
      setAt(raw, ['sink', 'url'], value.trim());
      setAt(raw, ['sink', 'driver'], 'server');
      return ['sink.url', 'sink.driver'];
    },
  },
  {
    name: 'CUSTOMS_AML_STORE',
    apply: (raw, value) => {
      setAt(raw, ['sink', 'path'], value);
      return ['sink.path'];
    },
  },
];

const SERVICE_FILE = 'customs-aml.yaml';
const RULES_FILE = 'rules.yaml';
const REFERENCE_DIR = 'reference';

/** Reads, merges and validates the configuration. Throws ConfigError. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const dir = options.dir ?? 'config';
  const env = options.env ?? process.env;
  const issues: ConfigIssue[] = [];
  const serviceFile = join(dir, SERVICE_FILE);
  const rulesFile = join(dir, RULES_FILE);
  const referenceDir = join(dir, REFERENCE_DIR);

  const service = readYaml(serviceFile, issues, false) ?? {};
  for (const misplaced of ['rules', 'reference'] as const) {
    if (misplaced in service) {
      const home = misplaced === 'rules' ? rulesFile : `${referenceDir}/*.yaml`;
      issues.push({ file: serviceFile, path: misplaced, message: `belongs in ${home}, not here` });
      delete service[misplaced];
    }
  }
  const raw: Tree = { ...service, rules: readYaml(rulesFile, issues, false) ?? {}, reference: {} };

  /** Where each reference key was read from, to name the file in messages. */
  const referenceFiles = new Map<string, string>();
  if (existsSync(referenceDir)) {
    for (const name of readdirSync(referenceDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const key = camelCase(name.slice(0, -'.yaml'.length));
      const file = join(referenceDir, name);
      referenceFiles.set(key, file);
      const content = readYaml(file, issues, true);
      if (content !== undefined) (raw.reference as Tree)[key] = content;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);

  // Later sources win; remember which keys they set, to blame the right source.
  const provenance = new Map<string, string>();
  for (const override of environmentOverrides) {
    const value = env[override.name];
    if (value === undefined || value === '') continue;
    for (const path of override.apply(raw, value)) provenance.set(path, `environment ${override.name}`);
  }
  if (options.overrides) mergeInto(raw, options.overrides, [], provenance);

  const fileFor = (path: readonly PropertyKey[]): string => {
    for (let length = path.length; length > 0; length--) {
      const source = provenance.get(path.slice(0, length).join('.'));
      if (source !== undefined) return source;
    }
    if (path[0] === 'rules') return rulesFile;
    if (path[0] === 'reference') {
      const key = path[1];
      if (typeof key !== 'string') return referenceDir;
      return referenceFiles.get(key) ?? join(referenceDir, `${kebabCase(key)}.yaml`);
    }
    return serviceFile;
  };

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, raw, fileFor)));
  }
  const crossIssues = crossCheck(result.data).map(({ path, message }) => ({
    file: fileFor(path),
    path: path.join('.'),
    message,
  }));
  if (crossIssues.length > 0) throw new ConfigError(crossIssues);
  return result.data;
}

function readYaml(file: string, issues: ConfigIssue[], required: boolean): Tree | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    issues.push({ file, path: '', message: `cannot be read (${(error as Error).message})` });
    return undefined;
  }
  let content: unknown;
  try {
    content = parse(text);
  } catch (error) {
    const message = error instanceof YAMLError ? error.message.split('\n')[0] : String(error);
    issues.push({ file, path: '', message: `not valid YAML: ${message}` });
    return undefined;
  }
  if (content === null || content === undefined) return {};
  if (typeof content !== 'object' || Array.isArray(content)) {
    issues.push({ file, path: '', message: 'expected a mapping of keys to values at the top level' });
    return undefined;
  }
  return content as Tree;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  raw: Tree,
  fileFor: (path: readonly PropertyKey[]) => string,
): ConfigIssue[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const full = [...path, key];
      return { file: fileFor(full), path: full.join('.'), message: unknownKeyMessage(path) };
    });
  }
  if (issue.code === 'invalid_key') {
    return issue.issues.map((inner) => ({
      file: fileFor(path),
      path: path.join('.'),
      message: inner.message,
    }));
  }
  let message = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'invalid_type' && getAt(raw, path) === undefined)
    message = `missing (${message.replace(/, received undefined$/, '')})`;
  return [{ file: fileFor(path), path: path.join('.'), message }];
}

function unknownKeyMessage(parent: readonly PropertyKey[]): string {
  if (parent.length === 1 && parent[0] === 'rules') {
    return `unknown rule id (known: ${Object.keys(rulesSchema.shape).join(', ')})`;
  }
  if (parent.length === 1 && parent[0] === 'reference') {
    const known = Object.keys(referenceSchema.shape).map((k) => `${kebabCase(k)}.yaml`);
    return `unknown reference file (known: ${known.join(', ')})`;
  }
  return 'unknown key';
}

/** Consistency between files, after each has been validated on its own. */
function crossCheck(config: Config): Array<{ path: PropertyKey[]; message: string }> {
  const found: Array<{ path: PropertyKey[]; message: string }> = [];
  const { keywords, thresholds, fxRates } = config.reference;

  const keywordRule = config.rules['CM-CASH-KEYWORDS'];
  const checkCategories = (categories: readonly string[] | undefined, path: PropertyKey[]) =>
    categories?.forEach((category, index) => {
      if (!(category in keywords.categories)) {
        found.push({
          path: [...path, 'categories', index],
          message: `no keyword category ${category} in keywords.yaml`,
        });
      }
    });
  checkCategories(keywordRule.categories, ['rules', 'CM-CASH-KEYWORDS']);
  for (const [country, override] of Object.entries(keywordRule.overrides)) {
    checkCategories(override.categories, ['rules', 'CM-CASH-KEYWORDS', 'overrides', country]);
  }

  const reported = new Set<string>();
  const checkCurrency = (currency: string, path: PropertyKey[]) => {
    const key = path.join('.');
    if (currency !== 'USD' && !(currency in fxRates.rates) && !reported.has(key)) {
      reported.add(key);
      found.push({ path, message: `no FX rates for ${currency} in fx-rates.yaml` });
    }
  };
  checkCurrency(thresholds.default.currency, ['reference', 'thresholds', 'default', 'currency']);
  for (const [country, entry] of Object.entries(thresholds.countries)) {
    checkCurrency(entry.currency, [
      'reference',
      'thresholds',
      'countries',
      entry.group ?? country,
      'currency',
    ]);
  }
  return found;
}

function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeInto(target: Tree, source: Tree, path: string[], provenance: Map<string, string>): void {
  for (const [key, value] of Object.entries(source)) {
    const here = [...path, key];
    if (isPlainObject(value) && isPlainObject(target[key])) {
      mergeInto(target[key] as Tree, value, here, provenance);
    } else {
      target[key] = value;
      provenance.set(here.join('.'), 'overrides');
    }
  }
}

function setAt(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

function getAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let node = tree;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

const camelCase = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebabCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

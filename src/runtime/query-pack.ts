// The analyst query pack: named SQL files in queries/, each with a header comment.
//
//   -- name: top-over-invoiced-hs-codes
//   -- purpose: one or more lines saying what the query finds
//   -- @param since DateTime64(3) = 1970-01-01 00:00:00 | event time from (inclusive)
//   -- @param limit UInt32 = 20 | rows returned
//
// Parameters are written in the SQL as ClickHouse query parameters, `{name:Type}`. They are bound
// here, on the client, so the same pack runs on a ClickHouse server and on embedded chDB alike:
// integers and floats are checked and written as numbers, every other value as a quoted string
// cast to the declared type (CAST('...' AS Type)), so a value can never become SQL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteString } from '../io/clickhouse/sql.ts';

export const defaultQueriesDir = fileURLToPath(new URL('../../queries/', import.meta.url));

export interface QueryParam {
  name: string;
  type: string;
  /** Text of the default value; undefined: the parameter is required. */
  default: string | undefined;
  description: string;
}

export interface NamedQuery {
  name: string;
  purpose: string;
  params: QueryParam[];
  /** The SQL with `{name:Type}` placeholders. */
  sql: string;
  file: string;
}

export class QueryPackError extends Error {
  override readonly name = 'QueryPackError';
}

const TYPE = /^[A-Za-z][\w]*(?:\([\w\s,'()]*\))?$/;
const PLACEHOLDER = /\{(\w+):([^{}]+)\}/g;

/** Parses one query file. */
export function parseNamedQuery(text: string, file: string): NamedQuery {
  let name = '';
  const purpose: string[] = [];
  const params: QueryParam[] = [];
  let inPurpose = false;
  for (const line of text.split(/\r?\n/)) {
    const comment = /^\s*--\s?(.*)$/.exec(line);
    if (!comment) {
      if (line.trim() === '') continue;
      break; // the header ends at the first SQL line
    }
    const body = comment[1]!;
    const field = /^(name|purpose):\s*(.*)$/.exec(body);
    const param = /^@param\s+(\w+)\s+(.+?)(?:\s*=\s*(.*?))?\s*\|\s*(.*)$/.exec(body);
    if (field?.[1] === 'name') {
      name = field[2]!.trim();
      inPurpose = false;
    } else if (field?.[1] === 'purpose') {
      purpose.push(field[2]!.trim());
      inPurpose = true;
    } else if (param) {
      const type = param[2]!.trim();
      if (!TYPE.test(type)) throw new QueryPackError(`${file}: @param ${param[1]}: not a type: ${type}`);
      params.push({ name: param[1]!, type, default: param[3], description: param[4]!.trim() });
      inPurpose = false;
    } else if (inPurpose && body.trim() !== '') purpose.push(body.trim());
    else inPurpose = false;
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new QueryPackError(`${file}: missing or bad "-- name:" line`);
  if (purpose.length === 0) throw new QueryPackError(`${file}: missing "-- purpose:" line`);
  const sql = text.trim().replace(/;\s*$/, '');
  for (const match of sql.matchAll(PLACEHOLDER)) {
    const declared = params.find((p) => p.name === match[1]);
    if (!declared) throw new QueryPackError(`${file}: {${match[1]}:...} has no @param line`);
    if (declared.type !== match[2]!.trim())
      throw new QueryPackError(`${file}: {${match[1]}:${match[2]}} differs from its @param type`);
  }
  return { name, purpose: purpose.join(' '), params, sql, file };
}

/** Every query in `dir`, by name. */
export function loadQueryPack(dir: string = defaultQueriesDir): Map<string, NamedQuery> {
  const pack = new Map<string, NamedQuery>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const query = parseNamedQuery(readFileSync(join(dir, file), 'utf8'), file);
    if (pack.has(query.name)) throw new QueryPackError(`${file}: query name ${query.name} used twice`);
    pack.set(query.name, query);
  }
  return pack;
}

/** A value as a SQL literal of `type`. */
export function sqlLiteral(value: string, type: string): string {
  const bare = type.replace(/^Nullable\((.*)\)$/, '$1');
  if (/^U?Int\d+$/.test(bare)) {
    if (!/^-?\d+$/.test(value.trim())) throw new QueryPackError(`not an integer for ${type}: ${value}`);
    return value.trim();
  }
  if (/^Float\d+$/.test(bare)) {
    if (!/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(value.trim()))
      throw new QueryPackError(`not a number for ${type}: ${value}`);
    return value.trim();
  }
  return `CAST(${quoteString(value)} AS ${type})`;
}

/** The query's SQL with every parameter bound (given values, else defaults). */
export function bindQuery(query: NamedQuery, values: Record<string, string> = {}): string {
  for (const name of Object.keys(values)) {
    if (!query.params.some((p) => p.name === name))
      throw new QueryPackError(
        `query ${query.name} has no parameter ${name} (it has: ${query.params.map((p) => p.name).join(', ') || 'none'})`,
      );
  }
  const bound = new Map<string, string>();
  for (const param of query.params) {
    const value = values[param.name] ?? param.default;
    if (value === undefined)
      throw new QueryPackError(`query ${query.name}: parameter ${param.name} is required`);
    bound.set(param.name, sqlLiteral(value, param.type));
  }
  return query.sql.replace(PLACEHOLDER, (_m, name: string) => bound.get(name)!);
}

/** The --list text: one block per query. */
export function describePack(pack: Map<string, NamedQuery>): string {
  const blocks: string[] = [];
  for (const query of pack.values()) {
    const lines = [`${query.name}\n  ${query.purpose}`];
    for (const p of query.params)
      lines.push(
        `  --param ${p.name}=<${p.type}>${p.default === undefined ? ' (required)' : ` (default ${p.default})`}  ${p.description}`,
      );
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

// SQL dialects of the ClickHouse versions the sink writes to.
//
// The schema in migrations/ is written once, for modern ClickHouse (25.x/26.x, and chDB's 26.x
// engine): DateTime64(3, 'UTC'), LowCardinality, a non-replicated deduplication window.
// The CI server is Debian's ClickHouse 18.16, which has none of these, so for a server whose
// major version is below 20 the DDL is rewritten here (tried against 18.16 itself):
//   - DateTime64(p[, tz]) -> DateTime([tz])   (18.16 has no sub-second time type: millis are lost)
//   - LowCardinality(X)   -> X                (experimental in 18.x, off by default)
//   - SETTINGS non_replicated_deduplication_window (and other settings 18.x does not know) dropped
//   - now64(...)          -> now()
// Decimal, Nullable, Array, Date, ReplacingMergeTree(version) with PARTITION BY / ORDER BY, and
// FINAL work on 18.16 as written. Modern servers and chDB get the SQL untouched.

export type DialectName = 'modern' | 'legacy';

export interface Dialect {
  readonly name: DialectName;
  /** The DDL of migrations/ as this server accepts it. */
  ddl(sql: string): string;
  /** Text of a point in time for a DateTime64(3, 'UTC') (modern) or DateTime('UTC') (legacy) column. */
  dateTime(ms: number): string;
  /**
   * A SQL condition on a time column that holds every row with since <= t (< until): exact on modern
   * servers; on legacy ones the column has whole seconds, so the bounds are widened to the second and
   * the caller filters the rows it reads exactly.
   */
  timeRange(column: string, since: number, until?: number): string;
  /** SQL for the epoch milliseconds of a time expression of the schema's time type. */
  epochMillis(expression: string): string;
  /** Whether the server knows the insert_deduplication_token setting (and the dedup window). */
  readonly deduplicationToken: boolean;
}

/** Server major versions below this one get the legacy dialect. */
export const LEGACY_BEFORE_MAJOR = 20;

/** Table settings that ClickHouse 18.x rejects ("Unknown setting"); dropped from legacy DDL. */
const MODERN_ONLY_TABLE_SETTINGS = new Set([
  'non_replicated_deduplication_window',
  'non_replicated_deduplication_window_seconds',
  'replicated_deduplication_window_seconds',
  'index_granularity_bytes',
  'min_bytes_for_wide_part',
  'min_rows_for_wide_part',
  'allow_nullable_key',
  'storage_policy',
  'ttl_only_drop_parts',
]);

export interface ServerVersion {
  major: number;
  minor: number;
}

/** "18.16.1" or "26.7.2.1" → { major, minor }; throws on anything else. */
export function parseServerVersion(version: string): ServerVersion {
  const match = /^\s*(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a ClickHouse version: ${JSON.stringify(version)}`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** The dialect for a server reporting `version` (SELECT version()). */
export function dialectForVersion(version: string): Dialect {
  return parseServerVersion(version).major < LEGACY_BEFORE_MAJOR ? legacyDialect : modernDialect;
}

/** "YYYY-MM-DD hh:mm:ss.sss" (withMillis) or "YYYY-MM-DD hh:mm:ss" (millis truncated), in UTC. */
export function formatDateTime(ms: number, withMillis: boolean): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`not an epoch-millisecond time: ${ms}`);
  const iso = new Date(ms).toISOString(); // 2026-03-01T10:00:00.125Z
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`time outside years 0000-9999: ${ms}`);
  const text = `${iso.slice(0, 10)} ${iso.slice(11, withMillis ? 23 : 19)}`;
  return text;
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export const modernDialect: Dialect = {
  name: 'modern',
  ddl: (sql) => sql,
  dateTime: (ms) => formatDateTime(ms, true),
  timeRange(column, since, until) {
    const lower = `${column} >= toDateTime64('${formatDateTime(since, true)}', 3, 'UTC')`;
    if (until === undefined) return lower;
    return `${lower} AND ${column} < toDateTime64('${formatDateTime(until, true)}', 3, 'UTC')`;
  },
  epochMillis: (expression) => `toUnixTimestamp64Milli(${expression})`,
  deduplicationToken: true,
};

export const legacyDialect: Dialect = {
  name: 'legacy',
  ddl: rewriteForLegacy,
  dateTime: (ms) => formatDateTime(ms, false),
  timeRange(column, since, until) {
    // Stored times are truncated to the second: a row at 10:00:00.900 is stored as 10:00:00.
    const lower = `${column} >= toDateTime('${formatDateTime(floorToSecond(since), false)}', 'UTC')`;
    if (until === undefined) return lower;
    return `${lower} AND ${column} <= toDateTime('${formatDateTime(floorToSecond(until), false)}', 'UTC')`;
  },
  epochMillis: (expression) => `toUnixTimestamp(${expression}) * 1000`,
  deduplicationToken: false,
};

/** Rewrites modern DDL for ClickHouse 18.x (see the top of this file). */
export function rewriteForLegacy(sql: string): string {
  let out = unwrapCalls(sql, 'LowCardinality');
  out = out.replace(/\bDateTime64\s*\(\s*\d+\s*(?:,\s*('[^']*')\s*)?\)/g, (_m, zone: string | undefined) =>
    zone ? `DateTime(${zone})` : 'DateTime',
  );
  out = out.replace(/\bnow64\s*\([^()]*\)/g, 'now()');
  out = rewriteSettings(out);
  return out;
}

/** Replaces every `name(inner)` by `inner`, respecting nested parentheses and quoted strings. */
function unwrapCalls(sql: string, name: string): string {
  const opener = new RegExp(`\\b${name}\\s*\\(`);
  let out = sql;
  for (let match = opener.exec(out); match; match = opener.exec(out)) {
    const innerStart = match.index + match[0].length;
    const close = matchingParen(out, innerStart);
    if (close < 0) throw new Error(`unbalanced parentheses after ${name}( in DDL`);
    out = out.slice(0, match.index) + out.slice(innerStart, close).trim() + out.slice(close + 1);
  }
  return out;
}

/** Index of the `)` closing the group that starts at `from` (just after its `(`), or -1. */
function matchingParen(text: string, from: number): number {
  let depth = 1;
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Drops modern-only entries from a trailing `SETTINGS a = 1, b = 2` clause of a CREATE TABLE
 * statement, and the clause itself when nothing is left. Statements are processed one by one
 * (split on `;`), so a clause never spans two statements.
 */
function rewriteSettings(sql: string): string {
  const clause = /(\s*)\bSETTINGS\s+((?:[A-Za-z_]\w*\s*=\s*(?:'[^']*'|[\w.-]+)\s*(?:,\s*)?)+)(?=;|$)/g;
  return sql.replace(clause, (whole, leading: string, list: string) => {
    const kept = list
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '' && !MODERN_ONLY_TABLE_SETTINGS.has(entry.split('=')[0]!.trim()));
    const trailing = /\s*$/.exec(whole)?.[0] ?? '';
    return kept.length === 0
      ? trailing.replace(/^[ \t]+/, '')
      : `${leading}SETTINGS ${kept.join(', ')}${trailing}`;
  });
}

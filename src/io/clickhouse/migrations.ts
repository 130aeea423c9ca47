// The schema migrations in migrations/: loading, splitting into statements, applying in order.
//
// A migration is `NNN_name.sql`; its name (without .sql) is recorded in `schema_migrations` once all
// its statements ran, so applying again is a no-op. Statements end with `;` at the end of a line;
// lines starting with `--` are comments. `{database}` is replaced by the sink's database. Each
// statement is also idempotent (IF NOT EXISTS): a migration interrupted half-way, or two processes
// migrating at once, end in the same schema, and schema_migrations collapses duplicate names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect } from './dialect.ts';
import { toJsonEachRow } from './rows.ts';
import { quoteString } from './sql.ts';

export interface Migration {
  name: string;
  /** Statements as written (modern dialect, `{database}` placeholder kept). */
  statements: string[];
}

/** migrations/ at the package root (from src/io/clickhouse/ or dist/io/clickhouse/ alike). */
export const defaultMigrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d+_[\w-]+)\.sql$/;

/** Statements of one migration file: split after lines ending in `;`, comment lines dropped. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of sql.split(/\r?\n/)) {
    if (/^\s*--/.test(line)) continue;
    current.push(line);
    if (/;\s*$/.test(line)) {
      const text = current.join('\n').trim().replace(/;\s*$/, '').trim();
      if (text !== '') statements.push(text);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest !== '') statements.push(rest);
  return statements;
}

/** The migrations in `dir`, ordered by file name. */
export function loadMigrations(dir: string = defaultMigrationsDir): Migration[] {
  return readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ file: match[0], name: match[1]! }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ file, name }) => ({ name, statements: splitStatements(readFileSync(join(dir, file), 'utf8')) }));
}

/** A statement ready for one server: database filled in, rewritten for its dialect. */
export function renderStatement(statement: string, database: string, dialect: Dialect): string {
  if (!/^\w+$/.test(database)) throw new Error(`not a database name: ${JSON.stringify(database)}`);
  return dialect.ddl(statement.replaceAll('{database}', database));
}

/** What the migration runner needs from a driver. */
export interface MigrationTarget {
  database: string;
  dialect: Dialect;
  /** Runs a statement with no result. */
  execute(sql: string): Promise<void>;
  /** Runs a SELECT and returns its rows. */
  select(sql: string): Promise<Record<string, unknown>[]>;
  /** Inserts JSONEachRow text into a database-qualified table. */
  insert(table: string, jsonEachRow: string): Promise<void>;
}

/** Applies the migrations not yet recorded; returns the names applied now. */
export async function applyMigrations(
  target: MigrationTarget,
  migrations: readonly Migration[],
): Promise<string[]> {
  const { database, dialect } = target;
  if (!/^\w+$/.test(database)) throw new Error(`not a database name: ${JSON.stringify(database)}`);
  await target.execute(`CREATE DATABASE IF NOT EXISTS ${database}`);
  const applied = await appliedMigrations(target);
  const now: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    for (const statement of migration.statements) {
      await target.execute(renderStatement(statement, database, dialect));
    }
    await target.insert(
      `${database}.schema_migrations`,
      toJsonEachRow([{ name: migration.name, applied_at: dialect.dateTime(Date.now()) }]),
    );
    now.push(migration.name);
  }
  return now;
}

async function appliedMigrations(target: MigrationTarget): Promise<Set<string>> {
  const exists = await target.select(
    `SELECT count() AS n FROM system.tables WHERE database = ${quoteString(target.database)} AND name = 'schema_migrations'`,
  );
  if (Number(exists[0]?.n ?? 0) === 0) return new Set();
  const rows = await target.select(`SELECT DISTINCT name FROM ${target.database}.schema_migrations`);
  return new Set(rows.map((row) => String(row.name)));
}

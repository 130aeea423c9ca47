import { describe, expect, it } from 'vitest';
import { legacyDialect, modernDialect } from '../../../src/io/clickhouse/dialect.ts';
import { loadMigrations, renderStatement, splitStatements } from '../../../src/io/clickhouse/migrations.ts';

describe('splitStatements', () => {
  it('splits after lines ending in ";" and drops comment lines', () => {
    const sql = [
      '-- header',
      'CREATE TABLE a',
      '(',
      '    -- a column comment',
      '    x String',
      ')',
      'ENGINE = Memory;',
      '',
      'CREATE TABLE b (y String) ENGINE = Memory ;  ',
      'SELECT 1',
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a\n(\n    x String\n)\nENGINE = Memory',
      'CREATE TABLE b (y String) ENGINE = Memory',
      'SELECT 1',
    ]);
  });

  it('keeps a ";" inside a line as part of the statement', () => {
    expect(splitStatements("SELECT 'a;b'\nFROM t;")).toEqual(["SELECT 'a;b'\nFROM t"]);
  });
});

describe('the migrations folder', () => {
  it('holds 001_initial with the five tables, all database-qualified and idempotent', () => {
    const migrations = loadMigrations();
    expect(migrations[0]!.name).toBe('001_initial'); // later migrations (views, ...) follow it
    const statements = migrations[0]!.statements;
    expect(statements.map((s) => /CREATE TABLE IF NOT EXISTS \{database\}\.(\w+)/.exec(s)?.[1])).toEqual([
      'schema_migrations',
      'alerts',
      'currency_declarations',
      'courier_manifests',
      'trade_invoices',
    ]);
  });

  it('renders a statement for a database and dialect, refusing odd database names', () => {
    const statement = loadMigrations()[0]!.statements[1]!;
    expect(renderStatement(statement, 'aml', modernDialect)).toMatch(
      /^CREATE TABLE IF NOT EXISTS aml\.alerts/,
    );
    expect(renderStatement(statement, 'aml', legacyDialect)).toContain("detected_at DateTime('UTC')");
    expect(() => renderStatement(statement, 'a; DROP', modernDialect)).toThrow(/not a database name/);
  });
});

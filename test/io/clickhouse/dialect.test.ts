import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dialectForVersion,
  formatDateTime,
  legacyDialect,
  modernDialect,
  parseServerVersion,
  rewriteForLegacy,
} from '../../../src/io/clickhouse/dialect.ts';
import { defaultMigrationsDir, loadMigrations } from '../../../src/io/clickhouse/migrations.ts';
import { T0 } from './fixtures.ts';

describe('server version → dialect', () => {
  it('parses major and minor', () => {
    expect(parseServerVersion('18.16.1')).toEqual({ major: 18, minor: 16 });
    expect(parseServerVersion('26.7.2.1')).toEqual({ major: 26, minor: 7 });
    expect(() => parseServerVersion('unknown')).toThrow(/not a ClickHouse version/);
  });

  it('gives servers before 20.x the legacy dialect, the rest the modern one', () => {
    expect(dialectForVersion('18.16.1').name).toBe('legacy');
    expect(dialectForVersion('19.17.6.36').name).toBe('legacy');
    expect(dialectForVersion('20.3.1').name).toBe('modern');
    expect(dialectForVersion('25.8.1.1').name).toBe('modern');
    expect(legacyDialect.deduplicationToken).toBe(false);
    expect(modernDialect.deduplicationToken).toBe(true);
  });
});

describe('legacy DDL rewrite', () => {
  it('turns DateTime64 into DateTime, keeping the zone', () => {
    expect(rewriteForLegacy("event_time DateTime64(3, 'UTC'),")).toBe("event_time DateTime('UTC'),");
    expect(rewriteForLegacy("a DateTime64(3,'Europe/Madrid'), b DateTime64(6)")).toBe(
      "a DateTime('Europe/Madrid'), b DateTime",
    );
  });

  it('unwraps LowCardinality, also nested and around Nullable', () => {
    expect(rewriteForLegacy('countries Array(LowCardinality(String)),')).toBe('countries Array(String),');
    expect(rewriteForLegacy('a LowCardinality(Nullable(String)), b LowCardinality( FixedString(2) )')).toBe(
      'a Nullable(String), b FixedString(2)',
    );
  });

  it('drops the deduplication window setting, and the clause when it is left empty', () => {
    expect(rewriteForLegacy('ORDER BY id\nSETTINGS non_replicated_deduplication_window = 1000')).toBe(
      'ORDER BY id',
    );
    expect(
      rewriteForLegacy(
        'ORDER BY id SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000;',
      ),
    ).toBe('ORDER BY id SETTINGS index_granularity = 8192;');
  });

  it('replaces now64() by now()', () => {
    expect(rewriteForLegacy('at DateTime64(3) DEFAULT now64(3)')).toBe('at DateTime DEFAULT now()');
  });

  it('leaves quoted text alone when matching parentheses', () => {
    expect(rewriteForLegacy("a LowCardinality(String) DEFAULT 'x)'")).toBe("a String DEFAULT 'x)'");
  });

  it('rewrites every statement of the schema so that nothing 18.x rejects is left', () => {
    const statements = loadMigrations().flatMap((migration) => migration.statements);
    const legacy = statements.map((statement) => legacyDialect.ddl(statement)).join(';\n');
    expect(statements.join('\n')).toContain('DateTime64');
    expect(legacy).not.toMatch(/DateTime64|LowCardinality|non_replicated_deduplication_window|now64/);
    expect(legacy).toContain("event_time DateTime('UTC'),");
    expect(legacy).toContain('ORDER BY alert_id;');
    expect(legacy).toContain('amount_usd Nullable(Decimal(38, 2)),');
    expect(statements.map((statement) => modernDialect.ddl(statement))).toEqual(statements);
  });

  it('leaves a whole file untouched for modern servers', () => {
    const schema = readFileSync(`${defaultMigrationsDir}/001_initial.sql`, 'utf8');
    expect(modernDialect.ddl(schema)).toBe(schema);
  });
});

describe('DateTime text', () => {
  it('is UTC with millis for modern servers and whole seconds for legacy ones', () => {
    expect(formatDateTime(T0, true)).toBe('2026-03-01 10:00:00.125');
    expect(modernDialect.dateTime(T0)).toBe('2026-03-01 10:00:00.125');
    expect(legacyDialect.dateTime(T0)).toBe('2026-03-01 10:00:00');
    expect(legacyDialect.dateTime(Date.UTC(2026, 0, 1) - 1)).toBe('2025-12-31 23:59:59');
  });

  it('rejects times that are not whole epoch milliseconds', () => {
    expect(() => formatDateTime(1.5, true)).toThrow(RangeError);
    expect(() => formatDateTime(Number.NaN, true)).toThrow(RangeError);
  });

  it('bounds a time range exactly (modern) or widened to the second (legacy)', () => {
    expect(modernDialect.timeRange('event_time', T0, T0 + 1000)).toBe(
      "event_time >= toDateTime64('2026-03-01 10:00:00.125', 3, 'UTC') AND event_time < toDateTime64('2026-03-01 10:00:01.125', 3, 'UTC')",
    );
    expect(legacyDialect.timeRange('event_time', T0, T0 + 1000)).toBe(
      "event_time >= toDateTime('2026-03-01 10:00:00', 'UTC') AND event_time <= toDateTime('2026-03-01 10:00:01', 'UTC')",
    );
    expect(legacyDialect.timeRange('t', T0)).toBe("t >= toDateTime('2026-03-01 10:00:00', 'UTC')");
  });
});

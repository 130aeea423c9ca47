// Retention: a TTL per table from sink.retention, applied after the migrations.
//
// Every table is partitioned by month (toYYYYMM(event_time)), so `ttl_only_drop_parts` lets the
// server drop a whole expired month instead of rewriting parts. ClickHouse before 19.6 has no TTL:
// on a legacy server (the CI's 18.16) nothing is applied and the caller is told why. Applying is
// idempotent: a table whose TTL already matches is left alone, a null retention removes a TTL.
import type { z } from 'zod';
import type { retentionSchema } from '../config/service.ts';
import { LEGACY_BEFORE_MAJOR, parseServerVersion } from '../io/clickhouse/dialect.ts';
import type { Sink } from '../io/clickhouse/sink.ts';
import { quoteString } from '../io/clickhouse/sql.ts';

export type RetentionConfig = z.output<typeof retentionSchema>;

/** Config key → table. */
export const retentionTables: Readonly<Record<keyof RetentionConfig, string>> = {
  alertsDays: 'alerts',
  declarationsDays: 'currency_declarations',
  manifestsDays: 'courier_manifests',
  invoicesDays: 'trade_invoices',
};

export interface RetentionResult {
  /** Tables whose TTL was set or removed now. */
  changed: { table: string; days: number | null }[];
  /** Why nothing was applied (legacy server), or null. */
  skipped: string | null;
}

/** The TTL expression for a retention of `days` (on event time, whole days). */
export function ttlExpression(days: number): string {
  if (!Number.isInteger(days) || days <= 0) throw new RangeError(`not a retention in days: ${days}`);
  return `toDateTime(event_time) + toIntervalDay(${days})`;
}

export async function applyRetention(
  sink: Sink,
  retention: RetentionConfig | undefined,
): Promise<RetentionResult> {
  const version = String((await sink.query('SELECT version() AS version'))[0]?.version ?? '');
  if (parseServerVersion(version).major < LEGACY_BEFORE_MAJOR) {
    return { changed: [], skipped: `ClickHouse ${version} has no table TTL (19.6+): retention not applied` };
  }
  const changed: RetentionResult['changed'] = [];
  for (const [key, table] of Object.entries(retentionTables) as [keyof RetentionConfig, string][]) {
    const days = retention?.[key] ?? null;
    const rows = await sink.query(
      `SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = ${quoteString(table)}`,
    );
    const create = String(rows[0]?.q ?? '');
    if (create === '') continue;
    const current = /\bTTL\s+(.+?)(?:\s+SETTINGS\b|$)/s.exec(create)?.[1]?.trim() ?? null;
    if (days === null) {
      if (current === null) continue;
      await sink.query(`ALTER TABLE ${table} REMOVE TTL`);
    } else {
      if (current?.includes(`toIntervalDay(${days})`)) continue;
      await sink.query(`ALTER TABLE ${table} MODIFY TTL ${ttlExpression(days)}`);
      await sink.query(`ALTER TABLE ${table} MODIFY SETTING ttl_only_drop_parts = 1`);
    }
    changed.push({ table, days });
  }
  return { changed, skipped: null };
}

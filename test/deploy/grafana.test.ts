// The Grafana provisioning and dashboards: structure, and every ClickHouse panel's SQL run on chDB
// over the replayed sample (macros substituted with a concrete range) with its rows checked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type AnalyticsStore, openAnalyticsStore } from '../support/analytics-store.ts';
import { repoRoot } from '../support/pipeline-harness.ts';

interface Panel {
  title: string;
  datasource: { type: string; uid: string };
  targets: { rawSql?: string; expr?: string }[];
}

const dir = join(repoRoot, 'deploy/grafana');
const dashboards = Object.fromEntries(
  readdirSync(join(dir, 'dashboards')).map((f) => [
    f,
    JSON.parse(readFileSync(join(dir, 'dashboards', f), 'utf8')),
  ]),
) as Record<string, { uid: string; title: string; panels: Panel[] }>;

const from = '2026-01-01 00:00:00';
const to = '2026-12-31 23:59:59';
/** The grafana-clickhouse-datasource macros, for a fixed range. */
function substituteMacros(sql: string): string {
  return sql
    .replace(
      /\$__timeFilter\((\w+)\)/g,
      `$1 >= toDateTime('${from}', 'UTC') AND $1 <= toDateTime('${to}', 'UTC')`,
    )
    .replaceAll('$__fromTime', `toDateTime('${from}', 'UTC')`)
    .replaceAll('$__toTime', `toDateTime('${to}', 'UTC')`);
}

let store: AnalyticsStore;
beforeAll(async () => {
  store = await openAnalyticsStore();
}, 120_000);
afterAll(async () => store?.close());

describe('grafana provisioning', () => {
  it('provisions the Prometheus and ClickHouse datasources the dashboards use', () => {
    const ds = parse(readFileSync(join(dir, 'provisioning/datasources/datasources.yml'), 'utf8'))
      .datasources as {
      uid: string;
      type: string;
    }[];
    expect(ds.map((d) => [d.uid, d.type])).toEqual([
      ['prometheus', 'prometheus'],
      ['clickhouse', 'grafana-clickhouse-datasource'],
    ]);
    const used = Object.values(dashboards).flatMap((d) => d.panels.map((p) => p.datasource.uid));
    for (const uid of used) expect(ds.map((d) => d.uid)).toContain(uid);
    const providers = parse(
      readFileSync(join(dir, 'provisioning/dashboards/dashboards.yml'), 'utf8'),
    ).providers;
    expect(providers[0].options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('has an ops dashboard on Prometheus covering throughput, lag, latency, dead letters and the sink', () => {
    const ops = dashboards['ops.json']!;
    const exprs = ops.panels.flatMap((p) => p.targets.map((t) => t.expr ?? ''));
    for (const metric of [
      'customs_aml_records_consumed_total',
      'customs_aml_consumer_lag_records',
      'customs_aml_batch_processing_seconds_bucket',
      'customs_aml_dead_letters_written_total',
      'customs_aml_sink_write_seconds_bucket',
    ])
      expect(exprs.join('\n')).toContain(metric);
    const uids = new Set(Object.values(dashboards).map((d) => d.uid));
    expect(uids.size).toBe(Object.keys(dashboards).length);
  });
});

describe('analyst dashboard SQL on chDB', () => {
  const panels = dashboards['analyst.json']!.panels;
  const sqlOf = (title: string) =>
    substituteMacros(panels.find((p) => p.title.startsWith(title))!.targets[0]!.rawSql!);

  it('uses the ClickHouse datasource with SQL in every panel', () => {
    expect(panels.length).toBeGreaterThanOrEqual(4);
    for (const p of panels) {
      expect(p.datasource.type).toBe('grafana-clickhouse-datasource');
      expect(p.targets[0]!.rawSql).toBeTruthy();
    }
  });

  it('alerts over time: per day and typology, adding up to the alerts in range', async () => {
    const rows = await store.rows<{ alerts: string }>(sqlOf('Alerts per day'));
    const total = await store.rows<{ n: string }>(
      `SELECT count() AS n FROM alerts FINAL WHERE event_time >= toDateTime('${from}', 'UTC') AND event_time <= toDateTime('${to}', 'UTC')`,
    );
    expect(rows.reduce((n, r) => n + Number(r.alerts), 0)).toBe(Number(total[0]!.n));
    expect(Number(total[0]!.n)).toBeGreaterThan(0);
  });

  it('top entities: ranked by decayed risk, the top one matching the entity_risk computation', async () => {
    const rows = await store.rows<{ entity_key: string; risk_score: number; alerts: string }>(
      sqlOf('Top entities'),
    );
    expect(rows.length).toBeGreaterThan(0);
    const scores = rows.map((r) => r.risk_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = rows[0]!;
    const own = await store.rows<{ n: string }>(
      `SELECT count() AS n FROM alerts FINAL WHERE entity_key = '${top.entity_key}'`,
    );
    expect(Number(top.alerts)).toBe(Number(own[0]!.n));
  });

  it('price deviations and routes: the rows of the views behind them', async () => {
    const deviations = await store.rows<{ value_moved_usd: number }>(sqlOf('TBML price deviations'));
    const view = await store.rows<{ v: number }>(
      'SELECT sum(value_moved_usd) AS v FROM tbml_price_deviation',
    );
    expect(deviations.reduce((n, r) => n + r.value_moved_usd, 0)).toBeCloseTo(view[0]!.v, 2);
    const routes = await store.rows<{ declarations: string }>(sqlOf('Declared cash by route'));
    expect(routes.length).toBeGreaterThan(0);
    const byRule = await store.rows<{ alerts: string }>(sqlOf('Alerts by rule'));
    const all = await store.rows<{ n: string }>('SELECT count() AS n FROM alerts FINAL');
    expect(byRule.reduce((n, r) => n + Number(r.alerts), 0)).toBe(Number(all[0]!.n));
  });
});

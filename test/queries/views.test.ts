// The analyst views of migrations/002 on chDB over the replayed sample plus fixture rows: each view's
// numbers are compared with the same figures computed here from `alerts FINAL` and the event tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsStore, fixture, openAnalyticsStore } from '../support/analytics-store.ts';

interface AlertRow {
  alert_id: string;
  rule_id: string;
  typology: string;
  reporting_country: string;
  entity_type: string;
  entity_key: string;
  score: number;
  hs_code: string;
  amount_usd: number | null;
  event_time: string;
  event_ids: string[];
  evidence: string;
}

let store: AnalyticsStore;
let alerts: AlertRow[];

const ms = (time: string) => Date.parse(`${time.replace(' ', 'T')}Z`);

beforeAll(async () => {
  store = await openAnalyticsStore();
  alerts = await store.rows<AlertRow>('SELECT * FROM alerts FINAL');
}, 120_000);
afterAll(async () => store?.close());

describe('alerts_daily', () => {
  it('counts every alert once, at its highest revision, by day, typology, rule and country', async () => {
    const rows = await store.rows<{
      day: string;
      rule_id: string;
      reporting_country: string;
      typology: string;
      alerts: string;
      amount_usd: number | null;
    }>('SELECT * FROM alerts_daily');
    const expected = new Map<string, number>();
    for (const a of alerts) {
      const key = [a.event_time.slice(0, 10), a.typology, a.rule_id, a.reporting_country].join('|');
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const actual = new Map(
      rows.map((r) => [[r.day, r.typology, r.rule_id, r.reporting_country].join('|'), Number(r.alerts)]),
    );
    expect(actual).toEqual(expected);
    // The fixture alert written at revisions 1 and 2 counts once, with revision 2's amount.
    const tb = rows.find(
      (r) => r.day === '2026-03-20' && r.rule_id === 'TB-UNIT-PRICE' && r.reporting_country === 'NL',
    );
    expect(tb).toMatchObject({ alerts: '1', amount_usd: 1500 });
    expect(rows.reduce((n, r) => n + Number(r.alerts), 0)).toBe(alerts.length);
  });
});

describe('tbml_price_deviation', () => {
  it('sums the value moved of TB-UNIT-PRICE alerts per HS code and direction, with the invoice country pair', async () => {
    const rows = await store.rows<{
      hs_code: string;
      direction: string;
      exporter_country: string;
      importer_country: string;
      alerts: string;
      value_moved_usd: number;
      max_iqrs_outside: number;
    }>('SELECT * FROM tbml_price_deviation');
    const tb = alerts.filter((a) => a.rule_id === 'TB-UNIT-PRICE');
    expect(tb.length).toBeGreaterThan(1);
    const sumBy = (list: AlertRow[]) => {
      const m = new Map<string, number>();
      for (const a of list) {
        const key = `${a.hs_code}|${JSON.parse(a.evidence).direction}`;
        m.set(key, (m.get(key) ?? 0) + Number(a.amount_usd ?? 0));
      }
      return m;
    };
    const actual = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.hs_code}|${r.direction}`;
      actual.set(key, (actual.get(key) ?? 0) + r.value_moved_usd);
    }
    expect(actual).toEqual(sumBy(tb));
    expect(rows.reduce((n, r) => n + Number(r.alerts), 0)).toBe(tb.length);
    // The country pair comes from the invoice the alert names.
    const invoices = await store.rows<{
      invoice_id: string;
      exporter_country: string;
      importer_country: string;
    }>('SELECT invoice_id, exporter_country, importer_country FROM trade_invoices FINAL');
    const sampleAlert = tb.find((a) => invoices.some((i) => i.invoice_id === a.event_ids[0]))!;
    const invoice = invoices.find((i) => i.invoice_id === sampleAlert.event_ids[0])!;
    expect(rows).toContainEqual(
      expect.objectContaining({
        hs_code: sampleAlert.hs_code,
        exporter_country: invoice.exporter_country,
        importer_country: invoice.importer_country,
      }),
    );
    // The fixture alert has no stored invoice: empty countries, revision 2's figures.
    expect(rows).toContainEqual(
      expect.objectContaining({
        hs_code: '610910',
        exporter_country: '',
        value_moved_usd: 1500,
        max_iqrs_outside: 3,
      }),
    );
  });
});

describe('cash_routes', () => {
  it('totals declared amounts per route and currency and counts the alerted declarations', async () => {
    const rows = await store.rows<{
      reporting_country: string;
      direction: string;
      origin_country: string;
      destination_country: string;
      currency: string;
      declarations: string;
      declared_amount: number;
      alerted_declarations: string;
    }>('SELECT * FROM cash_routes');
    const declarations = await store.rows<{
      declaration_id: string;
      reporting_country: string;
      direction: string;
      origin_country: string;
      destination_country: string;
      item_currencies: string[];
      item_amounts: number[];
    }>(
      'SELECT declaration_id, reporting_country, direction, origin_country, destination_country, item_currencies, item_amounts FROM currency_declarations FINAL',
    );
    const alerted = new Set(alerts.filter((a) => a.typology === 'CASH_COURIER').flatMap((a) => a.event_ids));
    const expected = new Map<string, { amount: number; ids: Set<string>; alerted: Set<string> }>();
    for (const d of declarations) {
      d.item_currencies.forEach((currency, i) => {
        const key = [
          d.reporting_country,
          d.direction,
          d.origin_country,
          d.destination_country,
          currency,
        ].join('|');
        const entry = expected.get(key) ?? { amount: 0, ids: new Set(), alerted: new Set() };
        entry.amount += Number(d.item_amounts[i]);
        entry.ids.add(d.declaration_id);
        if (alerted.has(d.declaration_id)) entry.alerted.add(d.declaration_id);
        expected.set(key, entry);
      });
    }
    expect(rows).toHaveLength(expected.size);
    for (const r of rows) {
      const e = expected.get(
        [r.reporting_country, r.direction, r.origin_country, r.destination_country, r.currency].join('|'),
      )!;
      expect(r.declared_amount).toBeCloseTo(e.amount, 6);
      expect(Number(r.declarations)).toBe(e.ids.size);
      expect(Number(r.alerted_declarations)).toBe(e.alerted.size);
    }
    expect(rows.some((r) => Number(r.alerted_declarations) > 0)).toBe(true);
    expect(rows).toContainEqual(
      expect.objectContaining({
        origin_country: 'CO',
        destination_country: 'NL',
        currency: 'EUR',
        declarations: '3',
        declared_amount: 28500,
        alerted_declarations: '1',
      }),
    );
  });
});

describe('entity_risk', () => {
  it('gives each entity sum(score * 2^(-age/30 days)) as of the latest alert, highest first when ordered', async () => {
    const rows = await store.rows<{
      entity_type: string;
      entity_key: string;
      alerts: string;
      rules: string;
      risk_score: number;
    }>('SELECT * FROM entity_risk ORDER BY risk_score DESC');
    const asOf = Math.max(...alerts.map((a) => ms(a.event_time)));
    const expected = new Map<string, { score: number; alerts: number; rules: Set<string> }>();
    for (const a of alerts) {
      const key = `${a.entity_type}|${a.entity_key}`;
      const e = expected.get(key) ?? { score: 0, alerts: 0, rules: new Set() };
      e.score += a.score * 2 ** (-(asOf - ms(a.event_time)) / (30 * 86_400_000));
      e.alerts++;
      e.rules.add(a.rule_id);
      expected.set(key, e);
    }
    expect(rows).toHaveLength(expected.size);
    for (const r of rows) {
      const e = expected.get(`${r.entity_type}|${r.entity_key}`)!;
      expect(r.risk_score).toBeCloseTo(e.score, 6);
      expect(Number(r.alerts)).toBe(e.alerts);
      expect(Number(r.rules)).toBe(e.rules.size);
    }
    const multi = rows.find((r) => r.entity_key === fixture.multiRuleTrader)!;
    expect(multi).toMatchObject({ alerts: '2', rules: '2' });
  });
});

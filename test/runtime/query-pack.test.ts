// Every named query of queries/ on chDB over the replayed sample plus fixture rows: the rows each
// returns are compared with the same answer computed here from the tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bindQuery,
  loadQueryPack,
  type NamedQuery,
  QueryPackError,
  sqlLiteral,
} from '../../src/runtime/query-pack.ts';
import { type AnalyticsStore, fixture, openAnalyticsStore } from '../support/analytics-store.ts';

let store: AnalyticsStore;
const pack = loadQueryPack();
const run = (name: string, params: Record<string, string> = {}) =>
  store.rows<Record<string, unknown>>(bindQuery(pack.get(name) as NamedQuery, params));

beforeAll(async () => {
  store = await openAnalyticsStore();
}, 120_000);
afterAll(async () => store?.close());

describe('the pack', () => {
  it('has a header (name, purpose, typed parameters with defaults) on every query', () => {
    expect([...pack.keys()]).toEqual(
      expect.arrayContaining([
        'top-over-invoiced-hs-codes',
        'traders-multiple-rules',
        'linked-travellers-by-booking',
        'consignees-cash-keywords-many-shippers',
        'precursor-chemicals-by-destination',
        'entity-risk',
      ]),
    );
    for (const query of pack.values()) {
      expect(query.purpose.length).toBeGreaterThan(20);
      for (const p of query.params) expect(p.default).toBeDefined();
    }
  });

  it('binds values as literals of the declared type, never as SQL', () => {
    expect(sqlLiteral('20', 'UInt32')).toBe('20');
    expect(() => sqlLiteral('1; DROP TABLE alerts', 'UInt32')).toThrow(QueryPackError);
    expect(sqlLiteral("x' OR 1=1 --", 'String')).toBe("CAST('x\\' OR 1=1 --' AS String)");
    expect(() => bindQuery(pack.get('entity-risk')!, { nope: '1' })).toThrow(/no parameter nope/);
  });
});

describe('queries on the sample', () => {
  it('top-over-invoiced-hs-codes ranks HS codes by the value moved of over-invoiced lines', async () => {
    const rows = await run('top-over-invoiced-hs-codes');
    const expected = new Map<string, number>();
    for (const a of await store.rows<{ hs_code: string; amount_usd: number; evidence: string }>(
      "SELECT hs_code, amount_usd, evidence FROM alerts FINAL WHERE rule_id = 'TB-UNIT-PRICE'",
    )) {
      if (JSON.parse(a.evidence).direction !== 'OVER_INVOICED') continue;
      expected.set(a.hs_code, (expected.get(a.hs_code) ?? 0) + Number(a.amount_usd));
    }
    expect(new Map(rows.map((r) => [r.hs_code, r.value_moved_usd]))).toEqual(expected);
    const values = rows.map((r) => Number(r.value_moved_usd));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(await run('top-over-invoiced-hs-codes', { since: '2100-01-01 00:00:00' })).toEqual([]);
    expect(await run('top-over-invoiced-hs-codes', { limit: '1' })).toHaveLength(Math.min(1, expected.size));
  });

  it('traders-multiple-rules finds the traders whose alerts span several rules', async () => {
    const rows = await run('traders-multiple-rules');
    const byTrader = new Map<string, Set<string>>();
    for (const a of await store.rows<{ entity_key: string; rule_id: string }>(
      "SELECT entity_key, rule_id FROM alerts FINAL WHERE entity_type = 'TRADER'",
    ))
      byTrader.set(a.entity_key, (byTrader.get(a.entity_key) ?? new Set()).add(a.rule_id));
    const expected = [...byTrader].filter(([, rules]) => rules.size >= 2).map(([key]) => key);
    expect(rows.map((r) => r.entity_key).sort()).toEqual(expected.sort());
    expect(rows).toContainEqual(
      expect.objectContaining({
        entity_key: fixture.multiRuleTrader,
        rules: '2',
        rule_ids: ['TB-INVOICE-ARITHMETIC', 'TB-UNIT-PRICE'],
      }),
    );
  });

  it('linked-travellers-by-booking finds bookings shared by several declaring travellers', async () => {
    const rows = await run('linked-travellers-by-booking');
    const byBooking = new Map<string, Set<string>>();
    for (const d of await store.rows<{ booking_key: string; person_key: string }>(
      "SELECT booking_key, person_key FROM currency_declarations FINAL WHERE booking_key != ''",
    ))
      byBooking.set(d.booking_key, (byBooking.get(d.booking_key) ?? new Set()).add(d.person_key));
    const expected = [...byBooking].filter(([, people]) => people.size >= 2);
    expect(rows.map((r) => [r.booking_key, Number(r.travellers)]).sort()).toEqual(
      expected.map(([key, people]) => [key, people.size]).sort(),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ booking_key: fixture.booking, travellers: '3', alerted_declarations: '1' }),
    );
  });

  it('consignees-cash-keywords-many-shippers finds consignees of cash parcels from several shippers', async () => {
    const rows = await run('consignees-cash-keywords-many-shippers');
    expect(rows).toContainEqual(
      expect.objectContaining({ consignee_key: fixture.consignee, shippers: '2', parcels: '2' }),
    );
    for (const r of rows) expect(Number(r.shippers)).toBeGreaterThanOrEqual(2);
    const one = await run('consignees-cash-keywords-many-shippers', { min_shippers: '1' });
    const alertedConsignees = await store.rows<{ n: string }>(
      "SELECT uniqExact(consignee_key) AS n FROM courier_manifests FINAL WHERE consignment_id IN (SELECT arrayJoin(event_ids) FROM alerts FINAL WHERE rule_id = 'CM-CASH-KEYWORDS')",
    );
    expect(one).toHaveLength(Number(alertedConsignees[0]!.n));
  });

  it('precursor-chemicals-by-destination groups precursor HS codes by destination', async () => {
    const rows = await run('precursor-chemicals-by-destination');
    expect(rows).toContainEqual(
      expect.objectContaining({
        destination_country: fixture.precursorDestination,
        hs_code: '293941',
        parcel_items: '1',
      }),
    );
    for (const r of rows) expect(String(r.hs_code)).toMatch(/^(2939|2914|2915|2841|2932|2921|2933)/);
    const custom = await run('precursor-chemicals-by-destination', { hs_prefixes: "['490700']" });
    expect(custom.map((r) => r.hs_code)).toEqual(['490700']);
  });

  it('entity-risk decays scores by the given half-life as of the given time', async () => {
    const asOf = '2026-03-31 00:00:00';
    const rows = await run('entity-risk', { as_of: asOf, half_life_days: '10', limit: '1000' });
    const alerts = await store.rows<{
      entity_type: string;
      entity_key: string;
      score: number;
      event_time: string;
    }>('SELECT entity_type, entity_key, score, event_time FROM alerts FINAL');
    const at = Date.parse('2026-03-31T00:00:00Z');
    const expected = new Map<string, number>();
    for (const a of alerts) {
      const t = Date.parse(`${a.event_time.replace(' ', 'T')}Z`);
      if (t > at) continue;
      const key = `${a.entity_type}|${a.entity_key}`;
      expected.set(key, (expected.get(key) ?? 0) + a.score * 2 ** (-(at - t) / (10 * 86_400_000)));
    }
    expect(rows).toHaveLength(expected.size);
    for (const r of rows)
      expect(Number(r.risk_score)).toBeCloseTo(expected.get(`${r.entity_type}|${r.entity_key}`)!, 2);
    const scores = rows.map((r) => Number(r.risk_score));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const persons = await run('entity-risk', { entity_type: 'PERSON' });
    expect(persons.length).toBeGreaterThan(0);
    for (const r of persons) expect(r.entity_type).toBe('PERSON');
  });
});

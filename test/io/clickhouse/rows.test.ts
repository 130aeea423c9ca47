import { describe, expect, it } from 'vitest';
import { fromJsonText } from '../../../src/core/json.ts';
import { legacyDialect, modernDialect } from '../../../src/io/clickhouse/dialect.ts';
import {
  alertKey,
  alertRow,
  deduplicationToken,
  eventKey,
  eventRow,
  JsonNumber,
  toJsonEachRow,
  toJsonValue,
} from '../../../src/io/clickhouse/rows.ts';
import { alert, declaration, invoice, manifest, origin, stored, T0 } from './fixtures.ts';

describe('alertRow', () => {
  it('maps every field, with amount_usd as an exact 2-place decimal', () => {
    const row = alertRow(alert('a-1', { hsCode: '710812' }), modernDialect.dateTime);
    expect(row).toEqual({
      alert_id: 'a-1',
      rule_id: 'CC-STRUCTURING',
      rule_version: 2,
      revision: 1,
      typology: 'CASH_COURIER',
      severity: 'HIGH',
      score: 82,
      entity_type: 'PERSON',
      entity_key: 'pk-0a1b2c',
      event_ids: ['d-1', 'd-2'],
      event_time: '2026-03-01 10:00:00.125',
      detected_at: '2026-03-01 10:00:05.125',
      reporting_country: 'ES',
      countries: ['ES', 'MX'],
      hs_code: '710812',
      amount_usd: new JsonNumber('19700.00'),
      explanation: 'Two declarations just under the threshold within 48 hours.',
      evidence: '{"observed":2,"threshold":"10000000000n","windowHours":48}',
    });
  });

  it('writes NULL without a USD amount, empty hs_code without an HS code, seconds for legacy servers', () => {
    const row = alertRow(alert('a-2', { amountUsd: undefined, eventTime: T0 + 900 }), legacyDialect.dateTime);
    expect(row.amount_usd).toBeNull();
    expect(row.hs_code).toBe('');
    expect(row.event_time).toBe('2026-03-01 10:00:01');
  });

  it('rounds micro-USD half to even at the cent', () => {
    expect(alertRow(alert('a', { amountUsd: 1_005_000n }), modernDialect.dateTime).amount_usd).toEqual(
      new JsonNumber('1.00'),
    );
    expect(alertRow(alert('a', { amountUsd: 1_015_000n }), modernDialect.dateTime).amount_usd).toEqual(
      new JsonNumber('1.02'),
    );
  });

  it('refuses values outside their column', () => {
    expect(() => alertRow(alert('a', { score: 101 }), modernDialect.dateTime)).toThrow(RangeError);
    expect(() => alertRow(alert('a', { ruleVersion: 70_000 }), modernDialect.dateTime)).toThrow(RangeError);
    expect(() => alertRow(alert('a', { revision: -1 }), modernDialect.dateTime)).toThrow(RangeError);
  });
});

describe('eventRow', () => {
  it('flattens a declaration, keeping amounts exact per item and the whole event in body', () => {
    const event = declaration('d-1', T0);
    const { table, row } = eventRow(stored(event, origin(3, '1234567890123')), modernDialect.dateTime);
    expect(table).toBe('currency_declarations');
    expect(row).toMatchObject({
      declaration_id: 'd-1',
      event_time: '2026-03-01 10:00:00.125',
      reporting_country: 'ES',
      border_point: 'ESMAD',
      direction: 'INBOUND',
      transport_mode: 'AIR',
      person_key: 'pk-0a1b2c',
      document_type: 'PASSPORT',
      document_country: 'MX',
      nationality: 'MX',
      carrier_code: 'IB',
      flight_or_voyage: 'IB6402',
      booking_key: 'bk-99ff',
      origin_country: 'MX',
      destination_country: 'AE',
      departure_date: '2026-02-28',
      item_kinds: ['CURRENCY', 'GOLD'],
      item_currencies: ['EUR', 'USD'],
      item_amounts: [new JsonNumber('9850.000000'), new JsonNumber('1.234567')],
      inspected: 1,
      undeclared_amount: new JsonNumber('4000.500000'),
      undeclared_currency: 'EUR',
      seized: 0,
      source_topic: 'customs.currency-declarations',
      source_partition: 3,
      source_offset: new JsonNumber('1234567890123'),
    });
    expect(fromJsonText(String(row.body))).toEqual(event);
  });

  it('writes absent optional declaration fields as empty strings and NULLs', () => {
    const event = declaration('d-2', T0, { travel: undefined, control: undefined });
    const { row } = eventRow(stored(event, null), modernDialect.dateTime);
    expect(row).toMatchObject({
      booking_key: '',
      carrier_code: '',
      departure_date: null,
      inspected: null,
      seized: null,
      undeclared_amount: null,
      undeclared_currency: '',
      source_topic: '',
      source_partition: -1,
      source_offset: new JsonNumber('-1'),
    });
  });

  it('flattens a manifest with party keys and the HS codes that are declared', () => {
    const { table, row } = eventRow(stored(manifest('m-1', T0), null), modernDialect.dateTime);
    expect(table).toBe('courier_manifests');
    expect(row).toMatchObject({
      consignment_id: 'm-1',
      master_waybill: '',
      shipper_key: 'US123456',
      shipper_id: 'US123456',
      consignee_key: 'pk-consignee',
      consignee_id: '',
      consignee_name_key: 'nk-consignee',
      content_type: 'GIFT',
      declared_value: new JsonNumber('50.000000'),
      gross_weight_kg: new JsonNumber('2.500000'),
      pieces: 1,
      item_count: 2,
      hs_codes: ['490199'],
    });
  });

  it('flattens an invoice with the declaring trader and its lines', () => {
    const { table, row } = eventRow(stored(invoice('i-1', T0), null), modernDialect.dateTime);
    expect(table).toBe('trade_invoices');
    expect(row).toMatchObject({
      invoice_id: 'i-1',
      invoice_date: '2026-02-20',
      flow: 'IMPORT',
      declarant_id: 'AE-IMP-7',
      exporter_id: 'HK-EXP-1',
      importer_country: 'AE',
      transit_countries: ['SG'],
      total_value: new JsonNumber('125000.500000'),
      payment_method: 'CASH',
      payer_country: 'PA',
      payer_key: 'pk-payer',
      hs_codes: ['851712', '847130'],
      line_units: ['NMB', 'NMB'],
      line_quantities: [new JsonNumber('1000.000000'), new JsonNumber('50.000000')],
      line_values: [new JsonNumber('100000.000000'), new JsonNumber('25000.500000')],
    });
    // No trader or payer name in clear in the flattened columns.
    const flat = { ...row, body: '' };
    expect(JSON.stringify(flat, (_k, v) => (v instanceof JsonNumber ? v.text : v))).not.toMatch(
      /Exporter Ltd|Importer LLC/,
    );
  });

  it('refuses an offset that is not a Kafka offset', () => {
    expect(() => eventRow(stored(manifest('m', T0), origin(0, 'line-7')), modernDialect.dateTime)).toThrow(
      TypeError,
    );
  });
});

describe('JSONEachRow text', () => {
  it('writes decimals and 64-bit ints unquoted and everything else as JSON', () => {
    expect(
      toJsonEachRow([
        {
          a: new JsonNumber('-12345678901234567890.123456'),
          b: 'x"y',
          c: null,
          d: [new JsonNumber('1.50'), 'z'],
        },
        { e: true, f: 7 },
      ]),
    ).toBe('{"a":-12345678901234567890.123456,"b":"x\\"y","c":null,"d":[1.50,"z"]}\n{"e":true,"f":7}\n');
  });

  it('behaves like JSON.stringify for plain values', () => {
    const value = { s: 'é\n', n: 1.25, arr: [1, null, 'a'], nested: { k: false }, gone: undefined };
    expect(toJsonValue(value)).toBe(JSON.stringify(value));
  });

  it('writes rows the same way whether plain or not: nested decimals, holes, bigints, class instances', () => {
    const plain = {
      list: [new JsonNumber('1.50'), undefined, [new JsonNumber('2')], { n: new JsonNumber('-3.25') }],
      gone: undefined,
      text: 'a"b\\c\n',
    };
    expect(toJsonValue(plain)).toBe('{"list":[1.50,null,[2],{"n":-3.25}],"text":"a\\"b\\\\c\\n"}');
    // Not plain data: written by the general walk, with the same conventions.
    expect(toJsonValue({ big: 12n, at: new JsonNumber('7') })).toBe('{"big":12,"at":7}');
    expect(toJsonValue({ when: new Date(0) })).toBe('{"when":{}}');
    expect(toJsonValue(JSON.parse('{"__proto__":{"a":1},"b":2}'))).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('leaves the row it writes untouched', () => {
    const row = { amounts: [new JsonNumber('1.5')], n: new JsonNumber('2') };
    toJsonEachRow([row]);
    expect(row).toEqual({ amounts: [new JsonNumber('1.5')], n: new JsonNumber('2') });
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => new JsonNumber('1e5')).toThrow(TypeError);
    expect(() => toJsonValue(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => toJsonValue({ cells: [1, Number.NaN] })).toThrow(RangeError);
    expect(() => toJsonValue({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('deduplicationToken', () => {
  it('is the same for the same rows and differs by table, order-sensitive content and revision', () => {
    const events = [stored(declaration('d-1', T0), null), stored(declaration('d-2', T0), null)];
    const token = deduplicationToken('currency_declarations', events.map(eventKey));
    expect(token).toMatch(/^customs-aml:[0-9a-f]{64}$/);
    expect(deduplicationToken('currency_declarations', events.map(eventKey))).toBe(token);
    expect(deduplicationToken('trade_invoices', events.map(eventKey))).not.toBe(token);
    expect(deduplicationToken('alerts', [alertKey(alert('a', { revision: 1 }))])).not.toBe(
      deduplicationToken('alerts', [alertKey(alert('a', { revision: 2 }))]),
    );
  });
});

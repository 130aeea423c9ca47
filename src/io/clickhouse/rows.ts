// Alerts and stored events as rows of the tables in migrations/, and their JSONEachRow text.
//
// Nothing personal is written: the events are already pseudonymised (src/core/events.ts), and the
// flattened columns hold codes, trader ids and pseudonyms only (free text such as a declaration's
// stated purpose or goods descriptions stays inside `body`).
import { hash } from 'node:crypto';
import type { Alert } from '../../core/alert.ts';
import type { DomainEvent, EventKind } from '../../core/events.ts';
import { toJsonText } from '../../core/json.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';
import type { SinkBatch, StoredEvent } from './sink.ts';

/**
 * A number written into the JSON text as is (decimals, 64-bit integers). ClickHouse 18.16 does not
 * parse a quoted decimal in JSONEachRow, and a JS number cannot carry 38 digits, so exact amounts
 * travel as unquoted number text.
 */
export class JsonNumber {
  readonly text: string;

  constructor(text: string) {
    if (!/^-?\d+(?:\.\d+)?$/.test(text))
      throw new TypeError(`not a plain decimal number: ${JSON.stringify(text)}`);
    this.text = text;
  }
}

export type CellValue = string | number | boolean | null | JsonNumber | readonly CellValue[];
export type Row = Record<string, CellValue>;

/** Formats a time for the server's DateTime column (see Dialect.dateTime). */
export type DateTimeText = (ms: number) => string;

export const ALERTS_TABLE = 'alerts';

/** The table of each input stream, and the column holding the event id (its ORDER BY key). */
export const eventTables: Readonly<Record<EventKind, { table: string; idColumn: string }>> = {
  declaration: { table: 'currency_declarations', idColumn: 'declaration_id' },
  manifest: { table: 'courier_manifests', idColumn: 'consignment_id' },
  invoice: { table: 'trade_invoices', idColumn: 'invoice_id' },
};

export const eventKinds: readonly EventKind[] = ['declaration', 'manifest', 'invoice'];

/** Money or quantity in micro-units as exact Decimal(38, places) text. */
export function decimal(micros: Micros, places = 6): JsonNumber {
  return new JsonNumber(formatDecimal(micros, places));
}

function unsigned(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new RangeError(`${what} out of range 0..${max}: ${value}`);
  return value;
}

function flag(value: boolean | undefined): number | null {
  return value === undefined ? null : value ? 1 : 0;
}

/** An alert as a row of `alerts`. amount_usd is NULL when the alert has no USD amount. */
export function alertRow(alert: Alert, dateTime: DateTimeText): Row {
  return {
    alert_id: alert.alertId,
    rule_id: alert.ruleId,
    rule_version: unsigned(alert.ruleVersion, 65_535, 'ruleVersion'),
    revision: unsigned(alert.revision, 4_294_967_295, 'revision'),
    typology: alert.typology,
    severity: alert.severity,
    score: unsigned(alert.score, 100, 'score'),
    entity_type: alert.entityType,
    entity_key: alert.entityKey,
    event_ids: alert.eventIds,
    event_time: dateTime(alert.eventTime),
    detected_at: dateTime(alert.detectedAt),
    reporting_country: alert.reportingCountry,
    countries: alert.countries,
    hs_code: alert.hsCode ?? '',
    amount_usd: alert.amountUsd === undefined ? null : decimal(alert.amountUsd, 2),
    explanation: alert.explanation,
    evidence: toJsonText(alert.evidence),
  };
}

/** The Kafka coordinate columns: '' / -1 / -1 for an event replayed from a file. */
function sourceColumns(stored: StoredEvent): Row {
  const origin = stored.origin;
  if (origin === null) return { source_topic: '', source_partition: -1, source_offset: new JsonNumber('-1') };
  if (!/^\d+$/.test(origin.offset))
    throw new TypeError(`not a Kafka offset: ${JSON.stringify(origin.offset)}`);
  if (!Number.isInteger(origin.partition) || origin.partition < -1 || origin.partition > 2_147_483_647) {
    throw new RangeError(`not a Kafka partition: ${origin.partition}`);
  }
  return {
    source_topic: origin.topic,
    source_partition: origin.partition,
    source_offset: new JsonNumber(origin.offset),
  };
}

/** The flattened columns of an event, without the common ones. */
function eventColumns(event: DomainEvent): Row {
  switch (event.kind) {
    case 'declaration': {
      const d = event.body;
      return {
        declaration_id: event.id,
        reporting_country: d.reportingCountry,
        border_point: d.borderPoint,
        direction: d.direction,
        transport_mode: d.transportMode,
        person_key: d.traveller.personKey,
        document_type: d.traveller.documentType,
        document_country: d.traveller.documentCountry,
        nationality: d.traveller.nationality ?? '',
        carrier_code: d.travel?.carrierCode ?? '',
        flight_or_voyage: d.travel?.flightOrVoyage ?? '',
        booking_key: d.travel?.bookingKey ?? '',
        origin_country: d.travel?.originCountry ?? '',
        destination_country: d.travel?.destinationCountry ?? '',
        departure_date: d.travel?.departureDate ?? null,
        item_kinds: d.items.map((item) => item.kind),
        item_currencies: d.items.map((item) => item.currency),
        item_amounts: d.items.map((item) => decimal(item.amount)),
        inspected: flag(d.control?.inspected),
        undeclared_amount:
          d.control?.undeclaredAmount === undefined ? null : decimal(d.control.undeclaredAmount),
        undeclared_currency: d.control?.undeclaredCurrency ?? '',
        seized: flag(d.control?.seized),
      };
    }
    case 'manifest': {
      const m = event.body;
      return {
        consignment_id: event.id,
        master_waybill: m.masterWaybill ?? '',
        carrier: m.carrier,
        reporting_country: m.reportingCountry,
        origin_country: m.originCountry,
        destination_country: m.destinationCountry,
        shipper_key: m.shipper.key,
        shipper_id: m.shipper.id ?? '',
        shipper_country: m.shipper.country,
        shipper_name_key: m.shipper.nameKey,
        consignee_key: m.consignee.key,
        consignee_id: m.consignee.id ?? '',
        consignee_country: m.consignee.country,
        consignee_name_key: m.consignee.nameKey,
        content_type: m.contentType,
        declared_value: decimal(m.declaredValue),
        currency: m.currency,
        gross_weight_kg: decimal(m.grossWeightKg),
        pieces: unsigned(m.pieces, 4_294_967_295, 'pieces'),
        item_count: m.items.length,
        hs_codes: m.items.flatMap((item) => (item.hsCode === undefined ? [] : [item.hsCode])),
      };
    }
    case 'invoice': {
      const i = event.body;
      return {
        invoice_id: event.id,
        invoice_number: i.invoiceNumber,
        invoice_date: i.invoiceDate,
        flow: i.flow,
        reporting_country: i.reportingCountry,
        declarant_id: i.flow === 'IMPORT' ? i.importer.id : i.exporter.id,
        exporter_id: i.exporter.id,
        exporter_country: i.exporter.country,
        exporter_name_key: i.exporter.nameKey,
        importer_id: i.importer.id,
        importer_country: i.importer.country,
        importer_name_key: i.importer.nameKey,
        origin_country: i.originCountry,
        dispatch_country: i.dispatchCountry,
        destination_country: i.destinationCountry,
        transit_countries: i.transitCountries ?? [],
        incoterm: i.incoterm ?? '',
        currency: i.currency,
        total_value: decimal(i.totalValue),
        transport_document: i.transportDocument ?? '',
        payment_method: i.payment?.method ?? '',
        payer_country: i.payment?.payerCountry ?? '',
        payer_key: i.payment?.payerKey ?? '',
        hs_codes: i.lines.map((line) => line.hsCode),
        line_units: i.lines.map((line) => line.unit),
        line_quantities: i.lines.map((line) => decimal(line.quantity)),
        line_values: i.lines.map((line) => decimal(line.value)),
      };
    }
  }
}

/** A stored event as a row of its stream's table (see eventTables). */
export function eventRow(stored: StoredEvent, dateTime: DateTimeText): { table: string; row: Row } {
  const { event } = stored;
  return {
    table: eventTables[event.kind].table,
    row: {
      ...eventColumns(event),
      event_time: dateTime(event.eventTime),
      ...sourceColumns(stored),
      body: toJsonText(event),
    },
  };
}

/** JSON text of one cell or row: like JSON.stringify, but JsonNumber values are written unquoted. */
export function toJsonValue(value: unknown): string {
  // Hot path of every insert. Rows are plain data, which the native JSON.stringify writes several
  // times faster than a walk in JS; it only needs each JsonNumber swapped for a raw JSON value.
  // Anything else (bigints, non-finite numbers, class instances, functions) takes the general walk.
  const native = nativeJson(value);
  return native === NOT_PLAIN ? generalJsonValue(value) : JSON.stringify(native);
}

// JSON.rawJSON (JSON.parse source text access; V8 11.4+, Node 21+) is not in TypeScript's es2023 lib.
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * `value` with every JsonNumber replaced by JSON.rawJSON of its text, so that JSON.stringify writes
 * what generalJsonValue would; NOT_PLAIN when `value` holds anything but strings, booleans, null,
 * finite numbers, JsonNumbers, arrays and plain objects. Copy on write: an object or array is
 * copied (keys in the same order) only when something inside it is replaced.
 */
function nativeJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return value;
      if (value instanceof JsonNumber) return rawJson(value.text);
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          // JSON.stringify writes an undefined item as null, as generalJsonValue does.
          if (item === undefined) continue;
          const native = nativeJson(item);
          if (native === NOT_PLAIN) return NOT_PLAIN;
          if (native !== item) {
            copy ??= value.slice();
            copy[i] = native;
          }
        }
        return copy ?? value;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      let copy: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        // Assigning '__proto__' would set the copy's prototype instead of a property.
        if (key === '__proto__') return NOT_PLAIN;
        const v = (value as Record<string, unknown>)[key];
        // JSON.stringify leaves out an undefined property, as generalJsonValue does.
        if (v === undefined) continue;
        const native = nativeJson(v);
        if (native === NOT_PLAIN) return NOT_PLAIN;
        if (native !== v) {
          copy ??= { ...value };
          copy[key] = native;
        }
      }
      return copy ?? value;
    }
    default:
      return NOT_PLAIN;
  }
}

function generalJsonValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof JsonNumber) return value.text;
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (i > 0) text += ',';
          text += item === undefined ? 'null' : generalJsonValue(item);
        }
        return `${text}]`;
      }
      let text = '{';
      let first = true;
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        text += `${first ? '' : ','}${JSON.stringify(key)}:${generalJsonValue(v)}`;
        first = false;
      }
      return `${text}}`;
    }
    default:
      throw new TypeError(`cannot write a ${typeof value} as JSON`);
  }
}

/** JSONEachRow text: one JSON object per line. */
export function toJsonEachRow(rows: readonly Row[]): string {
  let text = '';
  for (const row of rows) text += `${toJsonValue(row)}\n`;
  return text;
}

/**
 * The insert_deduplication_token of one insert: a hash of the table and of the identity of its rows
 * (alert id and revision; event kind and id), in order. The same batch retried gives the same token,
 * so a modern server writes it once; a higher revision of an alert gives a new token.
 */
export function deduplicationToken(table: string, rowKeys: readonly string[]): string {
  // One hash over the whole text: the same digest as feeding the parts one by one, without a
  // native call per row.
  let text = JSON.stringify(table);
  for (const key of rowKeys) text += `\n${JSON.stringify(key)}`;
  return `customs-aml:${hash('sha256', text, 'hex')}`;
}

/** The identity of an alert row for deduplicationToken. */
export function alertKey(alert: Alert): string {
  return JSON.stringify(['alert', alert.alertId, alert.revision]);
}

/** The identity of an event row for deduplicationToken. */
export function eventKey(stored: StoredEvent): string {
  return JSON.stringify([stored.event.kind, stored.event.id]);
}

/** The rows of one insert: a table, its rows, and the keys its deduplication token is made of. */
export interface TableRows {
  table: string;
  rows: Row[];
  keys: string[];
}

/**
 * A batch as inserts, in the order they must run: the event tables first, the alerts last, so an
 * alert is never stored without the events it names. Built before any insert, so a malformed row
 * fails the whole batch up front.
 */
export function batchInserts(batch: SinkBatch, dateTime: DateTimeText): TableRows[] {
  const byTable = new Map<string, TableRows>();
  for (const stored of batch.events) {
    const { table, row } = eventRow(stored, dateTime);
    const group = byTable.get(table) ?? { table, rows: [], keys: [] };
    group.rows.push(row);
    group.keys.push(eventKey(stored));
    byTable.set(table, group);
  }
  const alerts: TableRows = {
    table: ALERTS_TABLE,
    rows: batch.alerts.map((alert) => alertRow(alert, dateTime)),
    keys: batch.alerts.map(alertKey),
  };
  return [...byTable.values(), alerts];
}

// An embedded store for the analyst tests: the bundled sample replayed into a temp chDB folder,
// plus a few fixture rows for patterns the sample may not hold (several rules on one trader, a
// booking shared by travellers, a consignee with several shippers of cash parcels, precursor
// HS codes, and one alert written twice at two revisions to prove that views deduplicate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import type { EventKind } from '../../src/core/events.ts';
import { createLogger } from '../../src/core/logger.ts';
import { ChdbSink } from '../../src/io/clickhouse/chdb-sink.ts';
import { replay } from '../../src/runtime/embedded-replay.ts';
import { repoRoot, sampleFiles, testPseudonymKey } from './pipeline-harness.ts';

export interface AnalyticsStore {
  sink: ChdbSink;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

const alertColumns =
  'alert_id, rule_id, rule_version, revision, typology, severity, score, entity_type, entity_key, event_ids, event_time, detected_at, reporting_country, countries, hs_code, amount_usd, explanation, evidence';

function alert(
  id: string,
  rule: string,
  typology: string,
  entityType: string,
  entityKey: string,
  eventIds: string[],
  time: string,
  extra: { revision?: number; score?: number; hs?: string; amount?: string; evidence?: string } = {},
): string {
  const ids = `[${eventIds.map((e) => `'${e}'`).join(',')}]`;
  return `('${id}', '${rule}', 1, ${extra.revision ?? 1}, '${typology}', 'HIGH', ${extra.score ?? 70}, '${entityType}', '${entityKey}', ${ids}, '${time}', '${time}', 'NL', ['NL','CO'], '${extra.hs ?? ''}', ${extra.amount ?? 'NULL'}, 'fixture', '${extra.evidence ?? '{}'}')`;
}

export const fixture = {
  multiRuleTrader: 'FX-TRADER-MULTI',
  booking: 'fx-booking-shared',
  consignee: 'fx-consignee-collect',
  precursorDestination: 'NL',
  twiceWrittenAlert: 'fx-alert-tbml-1',
};

export async function openAnalyticsStore(): Promise<AnalyticsStore> {
  const store = mkdtempSync(join(tmpdir(), 'analytics-'));
  const config = loadConfig({ dir: join(repoRoot, 'config'), env: {} });
  await replay({
    files: (Object.keys(sampleFiles) as EventKind[]).map((kind) => ({ kind, path: sampleFiles[kind] })),
    store,
    config,
    pseudonymKey: testPseudonymKey,
    logger: createLogger({ level: 'silent' }),
  });
  const sink = new ChdbSink({ ...config.sink, driver: 'chdb', path: store });
  const tbEvidence = (iqrs: number) => `{"direction":"OVER_INVOICED","iqrsOutside":${iqrs}}`;
  await sink.query(
    `INSERT INTO alerts (${alertColumns}) VALUES ${[
      alert(
        'fx-alert-tbml-1',
        'TB-UNIT-PRICE',
        'TBML',
        'TRADER',
        fixture.multiRuleTrader,
        ['fx-inv-1'],
        '2026-03-20 10:00:00',
        { revision: 1, hs: '610910', amount: '1000.00', evidence: tbEvidence(2) },
      ),
      alert(
        'fx-alert-tbml-1',
        'TB-UNIT-PRICE',
        'TBML',
        'TRADER',
        fixture.multiRuleTrader,
        ['fx-inv-1'],
        '2026-03-20 10:00:00',
        { revision: 2, hs: '610910', amount: '1500.00', evidence: tbEvidence(3) },
      ),
      alert(
        'fx-alert-tbml-2',
        'TB-INVOICE-ARITHMETIC',
        'TBML',
        'TRADER',
        fixture.multiRuleTrader,
        ['fx-inv-2'],
        '2026-03-25 10:00:00',
        { score: 60 },
      ),
      alert(
        'fx-alert-cm-1',
        'CM-CASH-KEYWORDS',
        'CASH_COURIER',
        'CONSIGNEE',
        fixture.consignee,
        ['fx-m-1'],
        '2026-03-10 08:00:00',
      ),
      alert(
        'fx-alert-cm-2',
        'CM-CASH-KEYWORDS',
        'CASH_COURIER',
        'CONSIGNEE',
        fixture.consignee,
        ['fx-m-2'],
        '2026-03-11 08:00:00',
      ),
      alert(
        'fx-alert-cc-1',
        'CC-THRESHOLD-PROXIMITY',
        'CASH_COURIER',
        'PERSON',
        'fx-person-1',
        ['fx-d-1'],
        '2026-03-12 09:00:00',
      ),
    ].join(', ')}`,
  );
  const declaration = (id: string, person: string) =>
    `('${id}', '2026-03-12 09:00:00', 'NL', 'AMS', 'INBOUND', 'AIR', '${person}', 'PASSPORT', 'CO', 'KL0742', '${fixture.booking}', 'CO', 'NL', ['CURRENCY'], ['EUR'], [9500])`;
  await sink.query(
    `INSERT INTO currency_declarations (declaration_id, event_time, reporting_country, border_point, direction, transport_mode, person_key, document_type, document_country, flight_or_voyage, booking_key, origin_country, destination_country, item_kinds, item_currencies, item_amounts) VALUES ${[
      declaration('fx-d-1', 'fx-person-1'),
      declaration('fx-d-2', 'fx-person-2'),
      declaration('fx-d-3', 'fx-person-3'),
    ].join(', ')}`,
  );
  const manifest = (id: string, shipper: string, hs: string) =>
    `('${id}', '2026-03-10 08:00:00', 'NL', 'CO', '${fixture.precursorDestination}', '${shipper}', '${fixture.consignee}', 'DOCUMENTS', ['${hs}'])`;
  await sink.query(
    `INSERT INTO courier_manifests (consignment_id, event_time, reporting_country, origin_country, destination_country, shipper_key, consignee_key, content_type, hs_codes) VALUES ${[
      manifest('fx-m-1', 'fx-shipper-1', '490700'),
      manifest('fx-m-2', 'fx-shipper-2', '293941'),
    ].join(', ')}`,
  );
  return {
    sink,
    rows: <T>(sql: string) => sink.query(sql) as Promise<T[]>,
    async close() {
      await sink.close();
      rmSync(store, { recursive: true, force: true });
    },
  };
}

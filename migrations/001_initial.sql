-- customs-aml ClickHouse schema, migration 001: alerts, the three validated event streams and the
-- record of applied migrations.
--
-- Written for modern ClickHouse (25.x/26.x and chDB). The sink applies it unchanged there; for a
-- server older than 20.x (the CI's Debian ClickHouse 18.16) src/sink/dialect.ts rewrites it
-- (DateTime64 -> DateTime, LowCardinality(X) -> X, no deduplication-window setting).
--
-- `{database}` is replaced by the configured sink database (a plain word, checked by the config).
-- Statements end with `;` at the end of a line. Every statement is idempotent (IF NOT EXISTS), so a
-- migration interrupted half-way can simply be applied again.
--
-- Money: amount_usd is Decimal(38, 2) and NULL when the alert has no USD amount (0 would read as a
-- real zero amount). Event amounts keep their exact micro-units as Decimal(38, 6) in the event's own
-- currency: nothing here is converted to USD.
--
-- Every table is a ReplacingMergeTree ordered by its id, so a row written twice (a retried or
-- replayed batch) collapses under FINAL; alerts keep the highest `revision`. The deduplication
-- window makes a retried insert with the same insert_deduplication_token write nothing at all.

CREATE TABLE IF NOT EXISTS {database}.schema_migrations
(
    name String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree()
ORDER BY name;

CREATE TABLE IF NOT EXISTS {database}.alerts
(
    alert_id String,
    rule_id LowCardinality(String),
    rule_version UInt16,
    revision UInt32,
    typology LowCardinality(String),
    severity LowCardinality(String),
    score UInt8,
    entity_type LowCardinality(String),
    entity_key String,
    event_ids Array(String),
    event_time DateTime64(3, 'UTC'),
    detected_at DateTime64(3, 'UTC'),
    reporting_country LowCardinality(String),
    countries Array(LowCardinality(String)),
    hs_code String,
    amount_usd Nullable(Decimal(38, 2)),
    explanation String,
    -- JSON text of the rule's evidence (bigints as "<digits>n", see src/domain/json.ts).
    evidence String
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(event_time)
ORDER BY alert_id
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {database}.currency_declarations
(
    declaration_id String,
    event_time DateTime64(3, 'UTC'),
    reporting_country LowCardinality(String),
    border_point LowCardinality(String),
    direction LowCardinality(String),
    transport_mode LowCardinality(String),
    -- Pseudonym of (document country, document number): the per-person key.
    person_key String,
    document_type LowCardinality(String),
    document_country LowCardinality(String),
    nationality LowCardinality(String),
    carrier_code LowCardinality(String),
    flight_or_voyage String,
    -- Pseudonym of the booking reference (PNR), '' when absent.
    booking_key String,
    origin_country LowCardinality(String),
    destination_country LowCardinality(String),
    departure_date Nullable(Date),
    -- One element per declared item, in the order declared; amounts in the item's currency.
    item_kinds Array(LowCardinality(String)),
    item_currencies Array(LowCardinality(String)),
    item_amounts Array(Decimal(38, 6)),
    inspected Nullable(UInt8),
    undeclared_amount Nullable(Decimal(38, 6)),
    undeclared_currency LowCardinality(String),
    seized Nullable(UInt8),
    -- Kafka coordinate of the record; '' / -1 / -1 for events replayed from a file.
    source_topic LowCardinality(String),
    source_partition Int32,
    source_offset Int64,
    -- The whole pseudonymised event (toJsonText), read back to rebuild detection state.
    body String
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(event_time)
ORDER BY declaration_id
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {database}.courier_manifests
(
    consignment_id String,
    event_time DateTime64(3, 'UTC'),
    master_waybill String,
    carrier LowCardinality(String),
    reporting_country LowCardinality(String),
    origin_country LowCardinality(String),
    destination_country LowCardinality(String),
    -- Party key: trader id when given, else a pseudonym of name + address + country.
    shipper_key String,
    shipper_id String,
    shipper_country LowCardinality(String),
    shipper_name_key String,
    consignee_key String,
    consignee_id String,
    consignee_country LowCardinality(String),
    consignee_name_key String,
    content_type LowCardinality(String),
    declared_value Decimal(38, 6),
    currency LowCardinality(String),
    gross_weight_kg Decimal(38, 6),
    pieces UInt32,
    item_count UInt32,
    -- HS codes of the items that declare one, in item order.
    hs_codes Array(String),
    source_topic LowCardinality(String),
    source_partition Int32,
    source_offset Int64,
    body String
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(event_time)
ORDER BY consignment_id
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {database}.trade_invoices
(
    invoice_id String,
    event_time DateTime64(3, 'UTC'),
    invoice_number String,
    invoice_date Date,
    flow LowCardinality(String),
    reporting_country LowCardinality(String),
    -- The declaring trader: importer on IMPORT, exporter on EXPORT (the per-trader key).
    declarant_id String,
    exporter_id String,
    exporter_country LowCardinality(String),
    exporter_name_key String,
    importer_id String,
    importer_country LowCardinality(String),
    importer_name_key String,
    origin_country LowCardinality(String),
    dispatch_country LowCardinality(String),
    destination_country LowCardinality(String),
    transit_countries Array(LowCardinality(String)),
    incoterm LowCardinality(String),
    currency LowCardinality(String),
    total_value Decimal(38, 6),
    transport_document String,
    payment_method LowCardinality(String),
    payer_country LowCardinality(String),
    payer_key String,
    -- One element per invoice line, in line order; values in the invoice currency.
    hs_codes Array(String),
    line_units Array(LowCardinality(String)),
    line_quantities Array(Decimal(38, 6)),
    line_values Array(Decimal(38, 6)),
    source_topic LowCardinality(String),
    source_partition Int32,
    source_offset Int64,
    body String
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(event_time)
ORDER BY invoice_id
SETTINGS non_replicated_deduplication_window = 1000;

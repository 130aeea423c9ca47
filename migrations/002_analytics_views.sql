-- customs-aml ClickHouse schema, migration 002: analyst views over alerts and the event streams.
--
-- Plain views, computed when read, not materialized views. `alerts` is a ReplacingMergeTree keyed
-- by alert_id whose `revision` grows as a pattern grows, and every table may hold a row twice until
-- a merge (a retried or replayed insert). A materialized view fires on each insert, so it would
-- count a re-inserted alert, and every revision of a growing one, again. These views read
-- `... FINAL` instead, so each alert id counts once at its highest revision, each event id once:
-- always exact, at the cost of collapsing at query time. Restrict them by time in the outer query
-- (WHERE day >= ..., WHERE last_alert >= ...) on large stores.
--
-- Written so that they apply unchanged on modern ClickHouse (25.x/26.x, chDB) and, through
-- src/sink/dialect.ts, on the CI's ClickHouse 18.16: no DateTime64 functions, no JSON* functions
-- (visitParamExtract* reads the flat keys of the evidence JSON), dateDiff in seconds, ANY LEFT JOIN
-- with USING. Each view is tested on chDB against the replayed sample (test/sink/analytics-views.test.ts).
-- Parameterised versions of these (a time range, an as-of time, a half-life) are in queries/.

-- Alerts per day by typology, rule and reporting country.
CREATE VIEW IF NOT EXISTS {database}.alerts_daily AS
SELECT
    toDate(event_time) AS day,
    typology,
    rule_id,
    reporting_country,
    count() AS alerts,
    uniqExact(entity_key) AS entities,
    countIf(severity IN ('HIGH', 'CRITICAL')) AS high_or_critical,
    max(score) AS max_score,
    sum(amount_usd) AS amount_usd
FROM {database}.alerts FINAL
GROUP BY day, typology, rule_id, reporting_country;

-- TBML unit-price deviations (TB-UNIT-PRICE alerts) per HS code, direction and country pair
-- (exporter -> importer of the invoice the alert names). value_moved_usd: sum of the rule's
-- estimated value moved (amount_usd of the alert).
CREATE VIEW IF NOT EXISTS {database}.tbml_price_deviation AS
SELECT
    hs_code,
    direction,
    exporter_country,
    importer_country,
    count() AS alerts,
    uniqExact(entity_key) AS traders,
    sum(amount_usd) AS value_moved_usd,
    max(iqrs_outside) AS max_iqrs_outside,
    min(event_time) AS first_seen,
    max(event_time) AS last_seen
FROM
(
    SELECT
        alert_id,
        hs_code,
        entity_key,
        amount_usd,
        event_time,
        visitParamExtractString(evidence, 'direction') AS direction,
        visitParamExtractFloat(evidence, 'iqrsOutside') AS iqrs_outside,
        event_ids[1] AS invoice_id
    FROM {database}.alerts FINAL
    WHERE rule_id = 'TB-UNIT-PRICE'
) AS a
ANY LEFT JOIN
(
    SELECT invoice_id, exporter_country, importer_country
    FROM {database}.trade_invoices FINAL
) AS i USING (invoice_id)
GROUP BY hs_code, direction, exporter_country, importer_country;

-- Cash flows per route: declared amounts per (reporting country, direction, origin, destination,
-- currency), in the declared currency (nothing converted), with how many of the declarations on
-- the route a CASH_COURIER alert names.
CREATE VIEW IF NOT EXISTS {database}.cash_routes AS
SELECT
    reporting_country,
    direction,
    origin_country,
    destination_country,
    currency,
    uniqExact(declaration_id) AS declarations,
    uniqExact(person_key) AS travellers,
    sum(amount) AS declared_amount,
    uniqExactIf(declaration_id, alerted = 1) AS alerted_declarations
FROM
(
    SELECT
        declaration_id,
        reporting_country,
        direction,
        origin_country,
        destination_country,
        person_key,
        item_currencies,
        item_amounts,
        declaration_id IN
        (
            SELECT arrayJoin(event_ids)
            FROM {database}.alerts FINAL
            WHERE typology = 'CASH_COURIER'
        ) AS alerted
    FROM {database}.currency_declarations FINAL
)
ARRAY JOIN
    item_currencies AS currency,
    item_amounts AS amount
GROUP BY reporting_country, direction, origin_country, destination_country, currency;

-- Entity risk ranking: every alerted entity (person, consignee, shipper, trader, ...) with a risk
-- score decayed by age: sum(score * 2^(-age / 30 days)), age measured from the latest alert's event
-- time in the store (event time, never the wall clock, so a replay of old data ranks the same).
-- queries/entity-risk.sql takes the as-of time and the half-life as parameters.
CREATE VIEW IF NOT EXISTS {database}.entity_risk AS
SELECT
    entity_type,
    entity_key,
    count() AS alerts,
    uniqExact(rule_id) AS rules,
    groupUniqArray(rule_id) AS rule_ids,
    max(score) AS max_score,
    sum(score * exp(-0.6931471805599453 * dateDiff('second', event_time, as_of) / 2592000)) AS risk_score,
    max(event_time) AS last_alert
FROM
(
    SELECT entity_type, entity_key, rule_id, score, event_time,
        (SELECT max(event_time) FROM {database}.alerts) AS as_of
    FROM {database}.alerts FINAL
)
GROUP BY entity_type, entity_key;

-- name: top-over-invoiced-hs-codes
-- purpose: HS codes ranked by the value estimated to move through mis-priced invoice lines
--   (TB-UNIT-PRICE alerts): alerts, traders and the sum of the rule's estimated value moved (USD).
--   Over-invoiced imports move value out of the importing country; direction UNDER_INVOICED ranks
--   the under-invoiced lines instead.
-- @param direction String = OVER_INVOICED | OVER_INVOICED or UNDER_INVOICED
-- @param since DateTime64(3, 'UTC') = 1970-01-01 00:00:00 | alert event time from (inclusive, UTC)
-- @param until DateTime64(3, 'UTC') = 2100-01-01 00:00:00 | alert event time to (exclusive, UTC)
-- @param limit UInt32 = 20 | rows returned
SELECT
    hs_code,
    count() AS alerts,
    uniqExact(entity_key) AS traders,
    sum(amount_usd) AS value_moved_usd,
    max(visitParamExtractFloat(evidence, 'iqrsOutside')) AS max_iqrs_outside,
    groupUniqArray(reporting_country) AS reporting_countries
FROM alerts FINAL
WHERE rule_id = 'TB-UNIT-PRICE'
  AND visitParamExtractString(evidence, 'direction') = {direction:String}
  AND event_time >= {since:DateTime64(3, 'UTC')}
  AND event_time < {until:DateTime64(3, 'UTC')}
GROUP BY hs_code
ORDER BY value_moved_usd DESC, hs_code
LIMIT {limit:UInt32}

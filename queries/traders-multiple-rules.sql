-- name: traders-multiple-rules
-- purpose: Entities (traders by default) whose alerts come from several different rules, the
--   strongest TBML signal: mis-pricing plus routing, arithmetic or payment anomalies on one trader.
-- @param entity_type String = TRADER | TRADER, CONSIGNEE, SHIPPER, PERSON, ...
-- @param min_rules UInt32 = 2 | at least this many distinct rules
-- @param limit UInt32 = 50 | rows returned
SELECT
    entity_key,
    uniqExact(rule_id) AS rules,
    arraySort(groupUniqArray(rule_id)) AS rule_ids,
    count() AS alerts,
    sum(score) AS total_score,
    sum(amount_usd) AS amount_usd,
    max(event_time) AS last_alert
FROM alerts FINAL
WHERE entity_type = {entity_type:String}
GROUP BY entity_key
HAVING rules >= {min_rules:UInt32}
ORDER BY rules DESC, total_score DESC, entity_key
LIMIT {limit:UInt32}

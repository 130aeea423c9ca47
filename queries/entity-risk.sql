-- name: entity-risk
-- purpose: Entities (persons, consignees, shippers, traders, ...) ranked by a risk score decayed by
--   age: sum over their alerts of score * 2^(-age / half-life), age = as_of - the alert's event time
--   (alerts after as_of are left out). An empty as_of means the latest alert's event time.
-- @param as_of String = | as-of time, e.g. 2026-03-31 00:00:00 (UTC); empty: latest alert
-- @param half_life_days Float64 = 30 | days after which an alert counts half
-- @param entity_type String = | only this entity type; empty: all
-- @param limit UInt32 = 50 | rows returned
SELECT
    entity_type,
    entity_key,
    count() AS alerts,
    uniqExact(rule_id) AS rules,
    arraySort(groupUniqArray(rule_id)) AS rule_ids,
    max(score) AS max_score,
    round(sum(score * exp(-0.6931471805599453 * dateDiff('second', event_time, as_of) / ({half_life_days:Float64} * 86400))), 3) AS risk_score,
    max(event_time) AS last_alert
FROM
(
    SELECT *,
        if({as_of:String} = '',
           (SELECT max(event_time) FROM alerts),
           toDateTime64({as_of:String}, 3, 'UTC')) AS as_of
    FROM alerts FINAL
)
WHERE event_time <= as_of
  AND ({entity_type:String} = '' OR entity_type = {entity_type:String})
GROUP BY entity_type, entity_key
ORDER BY risk_score DESC, entity_type, entity_key
LIMIT {limit:UInt32}

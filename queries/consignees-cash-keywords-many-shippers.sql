-- name: consignees-cash-keywords-many-shippers
-- purpose: Consignees receiving parcels whose descriptions name cash or cash equivalents
--   (CM-CASH-KEYWORDS alerts) from several different shippers: a collection point for smuggled cash.
-- @param min_shippers UInt32 = 2 | at least this many distinct shippers of alerted parcels
-- @param limit UInt32 = 50 | rows returned
SELECT
    consignee_key,
    uniqExact(shipper_key) AS shippers,
    count() AS parcels,
    arraySort(groupUniqArray(origin_country)) AS origin_countries,
    arraySort(groupUniqArray(destination_country)) AS destination_countries,
    min(event_time) AS first_seen,
    max(event_time) AS last_seen
FROM courier_manifests FINAL
WHERE consignment_id IN (
    SELECT arrayJoin(event_ids) FROM alerts FINAL WHERE rule_id = 'CM-CASH-KEYWORDS'
)
GROUP BY consignee_key
HAVING shippers >= {min_shippers:UInt32}
ORDER BY shippers DESC, parcels DESC, consignee_key
LIMIT {limit:UInt32}

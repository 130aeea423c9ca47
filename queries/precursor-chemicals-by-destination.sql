-- name: precursor-chemicals-by-destination
-- purpose: Invoice lines and parcel items under precursor-chemical HS codes, by destination
--   country and HS code (default prefixes: ephedrine 293941, pseudoephedrine 293942, P-2-P 291431,
--   acetic anhydride 291524, potassium permanganate 284161, piperonal 293293, safrole 293294,
--   methylamine 292111, fentanyl precursors 293339 and 293359).
-- @param hs_prefixes Array(String) = ['293941','293942','291431','291524','284161','293293','293294','292111','293339','293359'] | HS code prefixes to match
-- @param limit UInt32 = 100 | rows returned
SELECT
    destination_country,
    hs_code,
    countIf(source = 'invoice') AS invoice_lines,
    countIf(source = 'manifest') AS parcel_items,
    uniqExact(shipment_id) AS shipments,
    arraySort(groupUniqArray(origin_country)) AS origin_countries
FROM
(
    SELECT 'invoice' AS source, invoice_id AS shipment_id, destination_country, origin_country, hs_code
    FROM trade_invoices FINAL
    ARRAY JOIN hs_codes AS hs_code
    WHERE arrayExists(prefix -> startsWith(hs_code, prefix), {hs_prefixes:Array(String)})
    UNION ALL
    SELECT 'manifest' AS source, consignment_id AS shipment_id, destination_country, origin_country, hs_code
    FROM courier_manifests FINAL
    ARRAY JOIN hs_codes AS hs_code
    WHERE arrayExists(prefix -> startsWith(hs_code, prefix), {hs_prefixes:Array(String)})
)
GROUP BY destination_country, hs_code
ORDER BY shipments DESC, destination_country, hs_code
LIMIT {limit:UInt32}

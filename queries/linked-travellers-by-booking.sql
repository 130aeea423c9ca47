-- name: linked-travellers-by-booking
-- purpose: Bookings (PNR pseudonyms) shared by several travellers who declared cash: couriers
--   travelling together and splitting an amount under the threshold. How many of the booking's
--   declarations a cash-courier alert names is given too.
-- @param min_travellers UInt32 = 2 | at least this many distinct travellers on the booking
-- @param limit UInt32 = 50 | rows returned
SELECT
    booking_key,
    uniqExact(person_key) AS travellers,
    count() AS declarations,
    arraySort(groupUniqArray(flight_or_voyage)) AS flights,
    arraySort(groupUniqArray(reporting_country)) AS reporting_countries,
    countIf(declaration_id IN (
        SELECT arrayJoin(event_ids) FROM alerts FINAL WHERE typology = 'CASH_COURIER'
    )) AS alerted_declarations,
    min(event_time) AS first_seen,
    max(event_time) AS last_seen
FROM currency_declarations FINAL
WHERE booking_key != ''
GROUP BY booking_key
HAVING travellers >= {min_travellers:UInt32}
ORDER BY travellers DESC, declarations DESC, booking_key
LIMIT {limit:UInt32}

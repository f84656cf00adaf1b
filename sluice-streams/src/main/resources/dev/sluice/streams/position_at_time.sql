-- A time: (lowest txid among events appended at or after it, 0), i.e. just before every event of that
-- transaction (event ids are positive), so that every event appended at or after the time is
-- delivered, with possibly a few earlier ones from transactions that overlapped it. No row when
-- nothing was appended since: the caller then uses LATEST. The BRIN index on appended_at narrows the scan.
SELECT e.txid::text AS txid_text, 0::bigint FROM {{table}} e WHERE e.appended_at >= ? ORDER BY e.txid LIMIT 1

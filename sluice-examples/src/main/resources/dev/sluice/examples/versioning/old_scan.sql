-- name: old_scan
-- The cron job's scan: every product, every run, to find the few that need a version. No index can
-- answer it, so it reads the whole table (as the write-up's cron service did).
SELECT id
FROM {{schema}}.products
WHERE eligible AND revision > versioned_revision
ORDER BY id

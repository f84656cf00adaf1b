-- name: pending_count
-- How many products need a version now (the benchmark's expected count; not used by the pipelines).
SELECT count(*)
FROM {{schema}}.products
WHERE eligible AND revision > versioned_revision

-- name: users_by_ids
-- User service, bulk read.
SELECT id, name, email
FROM {{schema}}.users
WHERE id = ANY (?::bigint[])

-- name: user_by_id
-- User service, single read.
SELECT id, name, email
FROM {{schema}}.users
WHERE id = ?

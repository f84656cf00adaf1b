-- name: seed_users
-- Users 1..? in one set-based statement.
INSERT INTO {{schema}}.users (id, name, email)
SELECT g, 'user ' || g, 'user' || g || '@example.com'
FROM generate_series(1, ?::bigint) AS g

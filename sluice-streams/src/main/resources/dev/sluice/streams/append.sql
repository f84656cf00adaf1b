-- One statement per batch. txid and appended_at come from the column defaults: the delivery order
-- and the visibility cut depend on txid being the appending transaction's own id.
INSERT INTO {{table}} (key, payload)
SELECT k, p::jsonb FROM unnest(?::text[], ?::text[]) AS t(k, p)
RETURNING id

-- Record the deliveries of a batch's messages that ended without their batch committing, as the
-- claim read them from each row (claim.sql, aborted_by), and return for every crash suspect of the
-- batch how many such deliveries it has had in all. Autocommit, on a connection other than the
-- batch's, before the handler runs: the record must stay written if this batch dies too (that is
-- what makes a message that kills every worker reach the dead letters). Idempotent: one row per
-- message and aborted transaction, so two claims reading the same abort count it once. An abort the
-- message was excused from (aborted_excuse.sql: claimed with a suspect, put back untouched) is not
-- counted.
-- The statement's snapshot does not see its own inserts: the count adds them.
-- Parameters: ids with an aborted delivery (bigint[]), those transactions (xid8 as text[]), the ids
-- of every suspect (bigint[]).
WITH recorded AS (
    INSERT INTO {{schema}}.aborted_deliveries (queue, id, xid)
    SELECT {{queue_literal}}, r.id, r.xid::xid8 FROM unnest(?::bigint[], ?::text[]) AS r(id, xid)
    WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.aborted_deliveries e
                      WHERE e.queue = {{queue_literal}} AND e.id = r.id AND e.xid = r.xid::xid8)
    ON CONFLICT DO NOTHING
    RETURNING id
)
SELECT s.id,
       (SELECT count(*) FROM {{schema}}.aborted_deliveries a WHERE a.queue = {{queue_literal}} AND a.id = s.id AND NOT a.excused)
     + (SELECT count(*) FROM recorded r WHERE r.id = s.id)
FROM unnest(?::bigint[]) AS s(id)

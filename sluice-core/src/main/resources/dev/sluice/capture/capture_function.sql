-- Captures a changed row into a queue, in the writer's transaction. A row that already has a
-- pending (ready, unclaimed) message is not enqueued again: the pending message gets the latest captured
-- columns instead. A message already claimed by a worker is locked, so SKIP LOCKED passes over it
-- and the change gets a new message: a change made while the previous one is being handled is
-- never lost.
CREATE OR REPLACE FUNCTION {{function}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    r        record;
    dedupe   text;
    body     jsonb;
    pending  record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    dedupe := {{table_literal}} || ':' || {{key_text}};
    body := jsonb_build_object('table', {{table_literal}}, 'op', TG_OP, 'key', {{key_json}}{{columns_json}});
    SELECT q.priority, q.seq INTO pending
    FROM {{queue_table}} q
    WHERE q.dedupe_key = dedupe
    LIMIT 1
    FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        UPDATE {{queue_table}} SET payload = body
        WHERE priority = pending.priority AND seq = pending.seq AND payload IS DISTINCT FROM body;
    ELSE
        INSERT INTO {{queue_table}} (payload, dedupe_key) VALUES (body, dedupe);
    END IF;
    RETURN NULL;
END
$fn$;

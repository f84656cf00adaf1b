-- Appends a changed row to a stream, in the writer's transaction: the event commits with the change
-- or not at all. Payload: {"table", "op", "key", "old"?, "new"?} (old/new whole rows as JSON, where
-- asked). The stream's key is the row key as text, so a row's changes keep their order.
CREATE OR REPLACE FUNCTION {{function}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    INSERT INTO {{stream_table}} (key, payload)
    VALUES ({{key_text}}, jsonb_build_object('table', {{table_literal}}, 'op', TG_OP, 'key', {{key_json}}){{old_json}}{{new_json}});
    RETURN NULL;
END
$fn$;

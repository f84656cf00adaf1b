CREATE TABLE IF NOT EXISTS {{partition}} PARTITION OF {{schema}}.score_events
    FOR VALUES FROM ({{from_literal}}) TO ({{to_literal}})

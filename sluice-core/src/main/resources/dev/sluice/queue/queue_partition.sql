CREATE TABLE {{partition}} PARTITION OF {{table}} FOR VALUES IN ({{slot}})
    WITH (autovacuum_vacuum_scale_factor = 0.01, fillfactor = 90);

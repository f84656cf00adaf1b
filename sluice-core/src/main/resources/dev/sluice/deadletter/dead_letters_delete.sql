DELETE FROM {{schema}}.dead_letters WHERE queue = ? AND (?::bigint[] IS NULL OR id = ANY (?::bigint[]))

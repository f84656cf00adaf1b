INSERT INTO bench_baseline (payload) SELECT jsonb_build_object('i', g) FROM generate_series(1, ?) g

UPDATE bench_bare_position SET position = ? WHERE name = ?

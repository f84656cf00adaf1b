SELECT window_name, window_start, version, published_at, top::text FROM {{schema}}.leaderboard_snapshots WHERE window_name = ?

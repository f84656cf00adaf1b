package dev.sluice.bench.leaderboard;

import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.Window;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * The leaderboard as most teams build it on Redis: per event, {@code SET ev:<id> 1 NX EX 7200}
 * (idempotency, kept as long as Sluice keeps event ids) and {@code ZADD <window key> GT score player}
 * in each of the same five windows (one sorted set per window instance), pipelined a batch at a
 * time. With max alone a replayed event changes nothing anyway, so the pipeline needs no script.
 * Reads: {@code ZREVRANGE key 0 99 WITHSCORES} and {@code ZREVRANK}. Not done on the Redis side:
 * retention of old window keys (would be an EXPIRE per key) and ties by time reached (a sorted set
 * breaks ties by member).
 */
final class RedisBoard implements Board {

    /** Sluice's default windows (1s, 1m, 1h, 1d, all). */
    static final List<Window> WINDOWS = LeaderboardConfig.builder().build().windows();
    private static final SetParams ONCE = SetParams.setParams().nx().ex(7200);
    private static final ZAddParams GT = ZAddParams.zAddParams().gt();

    private final JedisPool pool;

    RedisBoard(RedisServer server, int connections) {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(connections);
        config.setMaxIdle(connections);
        // 60 s reads: with appendfsync always a loaded machine can stall a pipeline for seconds, and
        // that is a figure to report (the open-loop backlog), not a failure of the run
        this.pool = new JedisPool(config, "127.0.0.1", server.port(), 60_000);
    }

    static String key(Window w, Instant at) {
        return "lb:" + w.name() + ":" + Leaderboards.startOf(w, at).getEpochSecond();
    }

    @Override
    public int ingest(List<ScoreSource.Score> batch) {
        Instant now = Instant.now();
        String[] keys = WINDOWS.stream().map(w -> key(w, now)).toArray(String[]::new);
        try (Jedis j = pool.getResource()) {
            Pipeline p = j.pipelined();
            List<redis.clients.jedis.Response<String>> claims = new java.util.ArrayList<>(batch.size());
            for (ScoreSource.Score s : batch) {
                claims.add(p.set("ev:" + s.id(), "1", ONCE));
                for (String key : keys) {
                    p.zadd(key, s.score(), s.player(), GT);
                }
            }
            p.sync();
            int committed = 0;
            for (redis.clients.jedis.Response<String> r : claims) {
                if ("OK".equals(r.get())) {
                    committed++;
                }
            }
            return committed;
        }
    }

    List<Tuple> top(Window w, int n) {
        try (Jedis j = pool.getResource()) {
            return j.zrevrangeWithScores(key(w, Instant.now()), 0, n - 1);
        }
    }

    Long rank(Window w, String player) {
        try (Jedis j = pool.getResource()) {
            return j.zrevrank(key(w, Instant.now()), player);
        }
    }

    /** Players in the all-time sorted set: the end-state check. */
    long allTimePlayers() {
        try (Jedis j = pool.getResource()) {
            return j.zcard(key(Window.ALL_TIME, Instant.now()));
        }
    }

    /** The server's durability settings, for the record. */
    String settings() {
        try (Jedis j = pool.getResource()) {
            return "appendonly=" + j.configGet("appendonly").get("appendonly") + " appendfsync=" + j.configGet("appendfsync").get("appendfsync")
                    + " save='" + j.configGet("save").get("save") + "'";
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

package dev.sluice.bench.leaderboard;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.bench.Result;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code sluice bench leaderboard}: the leaderboard's figures as ratios that carry from one machine
 * to the next, all in one run: Sluice's ingest against a hand-written floor and against Redis sorted
 * sets (same events, batches and client threads), the sustained capacity, latency open-loop at 80%
 * of it, and the write-up's own 1,200 events/s. Progress on stderr; a table and one JSON line on
 * {@code out}.
 */
public final class LeaderboardBenchmark {

    static final String SCHEMA = "lbbench";

    private LeaderboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(LeaderboardBenchOptions.parse(args), System.out);
    }

    public static Result run(LeaderboardBenchOptions o, PrintStream out) throws Exception {
        PrintStream progress = System.err;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("date", Instant.now().toString());
        r.put("cpu", cpuModel());
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("players", o.players());
        r.put("events", o.events());
        r.put("batch", o.batchSize());
        r.put("threads", o.threads());
        List<List<ScoreSource.Score>> fixed = ScoreSource.fixed(o.events(), o.batchSize(), o.players(), 20261201L);
        List<String> players = LatencyRun.players(fixed);
        LatencyRun latency = new LatencyRun(o, players.toArray(String[]::new));
        try (DurableTarget target = DurableTarget.of(o.jdbcUrl(), progress::println);
             AutoCloseable fresh = freshSchema(target.jdbcUrl());
             Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(target.jdbcUrl()).schema(SCHEMA).maxPoolSize(o.threads() + 8).build())) {
            DataSource ds = sluice.dataSource();
            r.put("postgres", serverSettings(ds));

            progress.printf("floor: %,d events, bare multi-row INSERT, %d threads, batches of %d%n", o.events(), o.threads(), o.batchSize());
            try (FloorBoard floor = new FloorBoard(ds)) {
                ClosedLoop.Throughput f = ClosedLoop.run(floor, fixed, o.threads());
                check("floor rows", floor.rows(), o.events());
                r.put("floor_per_s", LatencyRun.round(f.perSecond()));
                r.put("floor_explain", IngestProfile.floor(ds, fixed.get(0)));
            }
            try (Leaderboards boards = Leaderboards.start(sluice, LeaderboardConfig.builder().schema(SCHEMA).build());
                 BareSingle bare = new BareSingle(ds)) {
                SluiceBoard board = new SluiceBoard(boards);
                progress.printf("sluice: the same %,d events%n", o.events());
                long t0 = System.nanoTime();
                ClosedLoop.Throughput s = ClosedLoop.run(board, fixed, o.threads());
                long unfolded = board.backlog();
                board.drain();
                double foldedSeconds = (System.nanoTime() - t0) / 1e9;
                // the coalesced write-back of the long windows and the archive copy, timed on its own
                long c0 = System.nanoTime();
                int checkpointed = boards.checkpoint();
                r.put("checkpoint_rows", checkpointed);
                r.put("checkpoint_ms", LatencyRun.round((System.nanoTime() - c0) / 1e6));
                check("sluice committed", s.committed(), o.events());
                check("sluice stored events", count(ds, "SELECT count(*) FROM " + SCHEMA + ".score_events"), o.events());
                check("sluice all-time players", count(ds, "SELECT count(*) FROM " + SCHEMA + ".leaderboard_scores WHERE window_name = 'all'"),
                        players.size());
                // a restart: a second instance on the same schema rebuilds from the checkpoint and the inbox
                long b0 = System.nanoTime();
                try (Leaderboards restarted = Leaderboards.startManual(sluice, boards.config(), java.time.Clock.systemUTC())) {
                    r.put("restart_rebuild_ms", LatencyRun.round((System.nanoTime() - b0) / 1e6));
                    if (!restarted.top("all", 1000).equals(boards.top("all", 1000))) {
                        throw new IllegalStateException("End-state check failed: the restarted instance's all-time top 1000 differs.");
                    }
                }
                r.put("sluice_closed_loop_per_s", LatencyRun.round(s.perSecond()));
                r.put("ratio_vs_floor", ratio(s.perSecond(), (double) r.get("floor_per_s")));
                // ingest and tail together: from the first batch until the last event is in every window in memory
                r.put("sluice_unfolded_at_end", unfolded);
                r.put("sluice_folded_per_s", LatencyRun.round(o.events() / foldedSeconds));
                r.put("ratio_folded_vs_floor", ratio(o.events() / foldedSeconds, (double) r.get("floor_per_s")));
                // where the rest goes: one batch of each, explained and rolled back
                r.put("ingest_explain", IngestProfile.sluice(ds, SCHEMA, fixed.get(0)));
                r.put("tail_explain", IngestProfile.tail(ds, SCHEMA, fixed.get(0)));

                ScoreSource live = new ScoreSource(o.players(), "o-", 7);
                // the tail is part of the capacity: step from what ingest and tail sustained together
                Capacity.Found capacity = o.capacity() > 0 ? new Capacity.Found(o.capacity(), List.of())
                        : Capacity.find(board, live, o, Math.min(s.perSecond(), o.events() / foldedSeconds), progress);
                r.put("capacity_given", o.capacity() > 0);
                r.put("capacity_per_s", Math.round(capacity.perSecond()));
                // every step kept up: the machine sustains at least this much
                r.put("capacity_is_lower_bound", o.capacity() == 0 && capacity.steps().stream().allMatch(OpenLoop.Outcome::sustained));
                r.put("capacity_steps", steps(capacity));
                double load = 0.8 * capacity.perSecond();
                board.settle(); // each phase starts with nothing left to read or to checkpoint
                if (!o.warmup().isZero()) {
                    // the first phase at a high rate after the closed loops: the JVM is still sizing its heap for the
                    // standings (long collections, seen at 0.5-2.5 s of pauses in 20 s); run the load once, untimed
                    progress.printf("warm-up at 80%% of capacity: %,.0f events/s for %s (not recorded)%n", load, o.warmup());
                    Map<String, Object> warm = latency.sluice(board, bare, live, load, o.warmup(), "warmup_");
                    r.put("warmup_ms", o.warmup().toMillis());
                    r.put("warmup_gc_pause_ms", warm.get("warmup_gc_pause_ms"));
                    r.put("warmup_freshness_p99_ms", warm.get("warmup_freshness_p99_ms"));
                    board.settle();
                }
                progress.printf("latency at 80%% of capacity: %,.0f events/s for %s%n", load, o.latency());
                r.putAll(latency.sluice(board, bare, live, load, o.latency(), ""));
                board.settle(); // else the seed phase pays for writing back the 80 % phase's changes
                progress.printf("the write-up's rate: %,d events/s for %s%n", o.seedRate(), o.seedDuration());
                r.putAll(latency.sluice(board, bare, live, o.seedRate(), o.seedDuration(), "seed_"));
                board.settle();
                progress.printf("single-event ingest alone beside a bare single-row INSERT, %s%n", o.seedDuration());
                r.putAll(latency.alone(board, bare, live, o.seedDuration(), "alone_"));
                if (o.serving()) {
                    // the same search with the latency phase's readers running beside every step: what the machine
                    // sustains while it serves them, and latency at 80 % of that (keys serving_...)
                    board.settle();
                    progress.println("capacity while serving the readers (steps from the capacity above)");
                    Capacity.Found serving = Capacity.find(board, live, o, capacity.perSecond(), progress,
                            () -> latency.readers(board, bare, live));
                    r.put("serving_capacity_per_s", Math.round(serving.perSecond()));
                    r.put("serving_capacity_steps", steps(serving));
                    r.put("serving_capacity_ratio", ratio(serving.perSecond(), capacity.perSecond()));
                    board.settle();
                    double servingLoad = 0.8 * serving.perSecond();
                    progress.printf("latency at 80%% of the serving capacity: %,.0f events/s for %s%n", servingLoad, o.latency());
                    r.putAll(latency.sluice(board, bare, live, servingLoad, o.latency(), "serving_"));
                }
            }
        }
        redis(o, fixed, players.size(), latency, r, progress);
        Result result = new Result(r);
        LeaderboardReport.print(out, r);
        out.println(result.toJson());
        return result;
    }

    private static void redis(LeaderboardBenchOptions o, List<List<ScoreSource.Score>> fixed, long players, LatencyRun latency,
                              Map<String, Object> r, PrintStream progress) throws Exception {
        Optional<String> version = o.redis() ? RedisServer.find(o.redisServer()) : Optional.empty();
        if (version.isEmpty()) {
            String why = o.redis() ? o.redisServer() + " not found on PATH (apt-get install -y redis-server); the Redis side is skipped"
                    : "--redis off: the Redis side is skipped";
            progress.println(why);
            r.put("redis_skipped", why);
            return;
        }
        r.put("redis_version", version.get());
        for (String fsync : List.of("always", "everysec")) {
            try (RedisServer server = RedisServer.start(o.redisServer(), fsync);
                 RedisBoard board = new RedisBoard(server, o.threads() + 4)) {
                r.put("redis_" + fsync + "_settings", board.settings());
                progress.printf("redis (appendfsync %s): the same %,d events%n", fsync, o.events());
                ClosedLoop.Throughput t = ClosedLoop.run(board, fixed, o.threads());
                check("redis committed", t.committed(), o.events());
                check("redis all-time players", board.allTimePlayers(), players);
                r.put("redis_" + fsync + "_per_s", LatencyRun.round(t.perSecond()));
                r.put("ratio_vs_redis_" + fsync, ratio((double) r.get("sluice_closed_loop_per_s"), t.perSecond()));
                if (fsync.equals("always")) {
                    // reads at the load Sluice's latency phase ran at, on the durable configuration
                    double load = ((Number) r.get("offered_per_s")).doubleValue();
                    progress.printf("redis latency at %,.0f events/s for %s%n", load, o.latency());
                    try {
                        r.putAll(latency.redis(board, new ScoreSource(o.players(), "o-", 7), load, o.latency(), "redis_"));
                    } catch (RuntimeException e) {
                        // Redis with fsync on every write can stall for a minute on a loaded disk: record it, keep the run
                        progress.println("redis latency phase failed: " + e);
                        r.put("redis_latency_error", e.toString());
                    }
                }
            }
        }
        if (r.get("redis_read_p99_ms") instanceof Double redisRead && r.get("redis_rank_p99_ms") instanceof Double redisRank) {
            r.put("ratio_read_p99_vs_redis", ratio((double) r.get("read_p99_ms"), redisRead));
            r.put("ratio_rank_p99_vs_redis", ratio((double) r.get("rank_p99_ms"), redisRank));
        }
    }

    private static List<String> steps(Capacity.Found found) {
        return found.steps().stream().map(step -> Math.round(step.offeredPerSecond()) + "/s:"
                + Math.round(step.committedPerSecond()) + (step.sustained() ? " kept up" : " fell behind")).toList();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : Math.round(a / b * 1000) / 1000.0;
    }

    private static void check(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("End-state check failed: " + what + " is " + actual + ", expected " + expected + ".");
        }
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> serverSettings(DataSource ds) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FloorBoard.sql("server_settings.sql"))) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    /** The benchmark's own schema, dropped before the run (each run starts empty) and after it. */
    private static AutoCloseable freshSchema(String jdbcUrl) throws Exception {
        dropSchema(jdbcUrl);
        return () -> dropSchema(jdbcUrl);
    }

    private static void dropSchema(String jdbcUrl) throws Exception {
        try (Connection c = jdbcUrl.contains("user=") ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}

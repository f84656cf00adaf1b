package dev.sluice.examples.leaderboard;

import dev.sluice.DurationText;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.ScoreEvent;
import dev.sluice.leaderboard.Standing;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code sluice demo leaderboard}: the game under load, measured against the write-up and against
 * its literal design (insert, then REFRESH MATERIALIZED VIEW CONCURRENTLY) in the same run.
 * Progress lines go to stderr; the figures end with one JSON line on {@code out}.
 */
public final class LeaderboardDemo {

    /**
     * @param jdbcUrl PostgreSQL to use; null starts an embedded one with durable commits
     * @param rate score events per second offered through the batch API (default 20,000)
     * @param players distinct players (default 100,000)
     * @param duration length of the load phase (default 60 s)
     * @param literalDuration length of the literal-design phase (default 20 s)
     * @param batchSize events per ingest call (default 500)
     * @param ingestThreads threads sharing the offered rate (default 4)
     * @param retentionRows events in the past day whose partition drop is timed (default 1,000,000)
     */
    public record Options(String jdbcUrl, int rate, int players, Duration duration, Duration literalDuration, int batchSize,
                          int ingestThreads, int retentionRows) {

        public static Options defaults() {
            return new Options(null, 20_000, 100_000, Duration.ofSeconds(60), Duration.ofSeconds(20), 500, 4, 1_000_000);
        }

        /** Parses {@code --jdbc-url URL --rate N --players N --duration 60s --literal-duration 20s --batch N --threads N}. */
        public static Options parse(String[] args) {
            Options d = defaults();
            String url = d.jdbcUrl;
            int rate = d.rate, players = d.players, batch = d.batchSize, threads = d.ingestThreads, retentionRows = d.retentionRows;
            Duration duration = d.duration, literal = d.literalDuration;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--jdbc-url" -> url = v;
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--players" -> players = Integer.parseInt(v);
                    case "--duration" -> duration = DurationText.parse(v);
                    case "--literal-duration" -> literal = DurationText.parse(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--retention-rows" -> retentionRows = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + ". Options: --jdbc-url --rate --players --duration --literal-duration --batch --threads --retention-rows");
                }
            }
            return new Options(url, rate, players, duration, literal, batch, threads, retentionRows);
        }
    }

    private LeaderboardDemo() {
    }

    public static void main(String[] args) throws Exception {
        run(Options.parse(args), System.out);
    }

    /** Runs the whole measurement and returns the figures (also printed as one JSON line). */
    public static Map<String, Object> run(Options options, PrintStream out) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        try (DurableTarget target = DurableTarget.of(options.jdbcUrl(), System.err::println);
             Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(target.jdbcUrl()).schema("game").maxPoolSize(options.ingestThreads() + 8).build())) {
            dropIfPresent(sluice.dataSource());
            try (Leaderboards boards = Leaderboards.start(sluice, LeaderboardConfig.builder().schema("game").build())) {
                result.putAll(load(sluice, boards, options));
                result.putAll(storage(sluice.dataSource()));
                result.putAll(retention(sluice.dataSource(), boards, options.retentionRows()));
            }
            result.putAll(new LiteralDesign(sluice.dataSource(), options).run());
            result.put("ratio_read_p99_literal_vs_sluice",
                    round((double) result.get("literal_design_read_p99_ms") / Math.max(0.001, (double) result.get("read_p99_ms"))));
            result.put("ratio_read_p99_literal_vs_sluice_query",
                    round((double) result.get("literal_design_read_p99_ms") / Math.max(0.001, (double) result.get("query_read_p99_ms"))));
        }
        printTable(out, result);
        out.println(PayloadCodec.mapper().writeValueAsString(result));
        return result;
    }

    private static void dropIfPresent(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS game.score_events, game.score_event_ids, game.leaderboard_scores, game.leaderboard_snapshots, game.leaderboard_rank_counts, game.leaderboard_fold, game.leaderboard_fold_marks CASCADE");
            s.execute("DROP FUNCTION IF EXISTS game.leaderboard_rank_buckets(bigint)");
            s.execute("DELETE FROM game.schema_migrations WHERE component = 'leaderboard'");
        } catch (java.sql.SQLException ignored) {
            // first run: nothing to drop
        }
    }

    private static Map<String, Object> load(Sluice sluice, Leaderboards boards, Options options) throws Exception {
        Game game = new Game(boards, options.players(), Clock.systemUTC());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ingested = new AtomicLong();
        Recorder batchLatency = new Recorder(3);
        Recorder singleLatency = new Recorder(3);
        Recorder readLatency = new Recorder(3);
        Recorder queryLatency = new Recorder(3);
        Recorder freshness = new Recorder(3);
        List<Thread> threads = new ArrayList<>();
        // Batched ingest at the offered rate, shared by the ingest threads.
        long batchInterval = 1_000_000_000L * options.batchSize() * options.ingestThreads() / options.rate();
        for (int t = 0; t < options.ingestThreads(); t++) {
            threads.add(thread("ingest-" + t, () -> {
                long next = System.nanoTime();
                while (running.get()) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += batchInterval;
                    long start = System.nanoTime();
                    long accepted = game.finishes(options.batchSize()).accepted();
                    batchLatency.recordValue((System.nanoTime() - start) / 1000);
                    ingested.addAndGet(accepted);
                }
            }));
        }
        // Single-event ingest latency, the write-up's "INSERT latency 2 ms", 50 per second.
        threads.add(thread("single", () -> {
            while (running.get()) {
                long start = System.nanoTime();
                boards.ingest(game.finish());
                singleLatency.recordValue((System.nanoTime() - start) / 1000);
                ingested.incrementAndGet();
                LockSupport.parkNanos(20_000_000L);
            }
        }));
        // The leaderboard read, two ways, each 100 times a second: the served read (the live snapshot in
        // memory, at most a snapshot interval behind) and the query (the in-memory standings after catching up with every commit before it).
        threads.add(reader("reader", running, () -> boards.liveTop("1m", 100), readLatency));
        threads.add(reader("query-reader", running, () -> boards.top("1m", 100), queryLatency));
        // Freshness: a probe beats the record 4 times a second; each probe's freshness is the time from
        // its commit to the first live snapshot (NOTIFY) whose best is at least its score, so a probe
        // overtaken by the next one before a publish is counted too.
        Map<Long, Long> probeCommitted = new ConcurrentHashMap<>();
        AtomicLong probeScore = new AtomicLong(2_000_000);
        AutoCloseable subscription = boards.subscribe(s -> {
            if (!s.window().equals("all") || s.top().isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            long best = s.top().get(0).best();
            probeCommitted.entrySet().removeIf(e -> {
                if (e.getKey() <= best) {
                    freshness.recordValue((now - e.getValue()) / 1000);
                    return true;
                }
                return false;
            });
        });
        threads.add(thread("probe", () -> {
            while (running.get()) {
                long score = probeScore.incrementAndGet();
                boards.ingest(new ScoreEvent("probe-" + score, "probe", score, Instant.now(), null));
                probeCommitted.put(score, System.nanoTime());
                LockSupport.parkNanos(250_000_000L);
            }
        }));
        threads.forEach(Thread::start);
        long start = System.nanoTime();
        long seconds = options.duration().toSeconds();
        Histogram batches = new Histogram(3);
        Histogram singles = new Histogram(3);
        Histogram reads = new Histogram(3);
        Histogram queries = new Histogram(3);
        Histogram fresh = new Histogram(3);
        for (long s = 1; s <= seconds; s++) {
            Thread.sleep(1_000);
            Histogram r = readLatency.getIntervalHistogram();
            reads.add(r);
            queries.add(queryLatency.getIntervalHistogram());
            batches.add(batchLatency.getIntervalHistogram());
            singles.add(singleLatency.getIntervalHistogram());
            fresh.add(freshness.getIntervalHistogram());
            System.err.printf("leaderboard load %3d/%d s: %,.0f events/s, top-100 read p99 %.2f ms%n", s, seconds,
                    ingested.get() / ((System.nanoTime() - start) / 1e9), r.getValueAtPercentile(99) / 1000.0);
        }
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        subscription.close();
        double elapsed = (System.nanoTime() - start) / 1e9;
        reads.add(readLatency.getIntervalHistogram());
        queries.add(queryLatency.getIntervalHistogram());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("offered_per_s", options.rate());
        r.put("players", options.players());
        r.put("duration_s", seconds);
        r.put("ingest_per_s", round(ingested.get() / elapsed));
        r.put("ingest_batch_p99_ms", ms(batches, 99));
        r.put("ingest_p50_ms", ms(singles, 50));
        r.put("ingest_p99_ms", ms(singles, 99));
        r.put("read_p50_ms", ms(reads, 50));
        r.put("read_p99_ms", ms(reads, 99));
        r.put("read_p999_ms", ms(reads, 99.9));
        r.put("query_read_p50_ms", ms(queries, 50));
        r.put("query_read_p99_ms", ms(queries, 99));
        r.put("query_read_p999_ms", ms(queries, 99.9));
        r.put("freshness_p50_ms", ms(fresh, 50));
        r.put("freshness_p99_ms", ms(fresh, 99));
        r.put("freshness_samples", fresh.getTotalCount());
        return r;
    }

    private static Map<String, Object> storage(DataSource ds) throws Exception {
        String sql = SqlTemplate.load(LeaderboardDemo.class, "storage.sql").render(Map.of("schema", Identifiers.quote("game"),
                "events_literal", "'\"game\".score_events'", "ids_literal", "'\"game\".score_event_ids'"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE game.score_events");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                long bytes = rs.getLong(1);
                long rows = rs.getLong(2);
                double perEvent = rows == 0 ? 0 : (double) bytes / rows;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("bytes_per_event", round(perEvent));
                r.put("projected_30d_at_1200_per_s_gb", round(perEvent * 1200 * 86400 * 30 / 1e9));
                return r;
            }
        }
    }

    private static Map<String, Object> retention(DataSource ds, Leaderboards boards, int rows) throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(45);
        String name = "score_events_p" + day.toString().replace("-", "");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE game." + name + " PARTITION OF game.score_events FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('"
                    + day.plusDays(1) + " 00:00:00+00')");
            String fill = SqlTemplate.load(LeaderboardDemo.class, "retention_sample.sql").render(Map.of("schema", "game",
                    "day_literal", "'" + day + " 00:00:00+00'"));
            try (PreparedStatement ps = c.prepareStatement(fill)) {
                ps.setInt(1, rows);
                ps.executeUpdate();
            }
        }
        long start = System.nanoTime();
        List<String> dropped = boards.partitions().dropExpired();
        double millis = (System.nanoTime() - start) / 1e6;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("retention_drop_day_ms", round(millis));
        r.put("retention_day_rows", rows);
        r.put("retention_dropped", dropped);
        return r;
    }

    private static void printTable(PrintStream out, Map<String, Object> r) {
        out.println();
        out.printf("%-44s %14s %14s%n", "", "Sluice", "literal design");
        out.printf("%-44s %14s %14s%n", "ingest (events/s)", r.get("ingest_per_s"), r.get("literal_design_per_s"));
        out.printf("%-44s %14s %14s%n", "single-event ingest p99 (ms)", r.get("ingest_p99_ms"), r.get("literal_design_insert_p99_ms"));
        out.printf("%-44s %14s %14s%n", "top-100 read p50 (ms, live snapshot)", r.get("read_p50_ms"), r.get("literal_design_read_p50_ms"));
        out.printf("%-44s %14s %14s%n", "top-100 read p99 (ms, live snapshot)", r.get("read_p99_ms"), r.get("literal_design_read_p99_ms"));
        out.printf("%-44s %14s %14s%n", "top-100 query p50 / p99 (ms, exact)", r.get("query_read_p50_ms") + " / " + r.get("query_read_p99_ms"), "-");
        out.printf("%-44s %14s %14s%n", "freshness p99 (ms, commit to live push)", r.get("freshness_p99_ms"), "-");
        out.printf("%-44s %14s%n", "storage per event (bytes)", r.get("bytes_per_event"));
        out.printf("%-44s %14s%n", "30 days at 1,200 events/s (GB, projected)", r.get("projected_30d_at_1200_per_s_gb"));
        out.printf("%-44s %14s%n", "retention: drop one day (ms)", r.get("retention_drop_day_ms"));
    }

    /** A thread timing {@code read} 100 times a second into {@code latency} (microseconds) while {@code running}. */
    private static Thread reader(String name, AtomicBoolean running, Runnable read, Recorder latency) {
        return thread(name, () -> {
            while (running.get()) {
                long start = System.nanoTime();
                read.run();
                latency.recordValue((System.nanoTime() - start) / 1000);
                LockSupport.parkNanos(10_000_000L);
            }
        });
    }

    static Thread thread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                System.err.println(name + " failed: " + e);
            }
        }, "demo-" + name);
        t.setDaemon(true);
        return t;
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

package dev.sluice.bench.leaderboard;

import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.ScoreEvent;
import dev.sluice.leaderboard.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency at a fixed ingest rate, every reader open-loop at its own constant rate: the served
 * top-100 read 200/s, the exact top-100 query 100/s, a rank ("where am I" in all time, a random
 * known player) 200/s, a single-event ingest 50/s, and for Sluice a freshness probe 4/s (from a
 * new all-time record's commit to the first live snapshot that shows it) and, beside its single
 * ingest, a bare single-row durable INSERT 50/s on the same pool ({@link BareSingle}: the commit's floor).
 * Beside them a call that does nothing, on the same kind of schedule and thread ({@code harness_p99_ms}):
 * the harness's own floor (a thread waking up on time and getting a core, on a machine the load
 * generator, the system under test and PostgreSQL share), and for each read its service time alone
 * ({@code read_service_p99_ms}: from the call's actual start, not its schedule).
 */
final class LatencyRun {

    static final double READS_PER_S = 200;
    static final double QUERIES_PER_S = 100;
    static final double RANKS_PER_S = 200;
    static final double SINGLES_PER_S = 50;

    private final LeaderboardBenchOptions options;
    private final String[] knownPlayers;
    /** Probe scores rise above every game score (at most 10^6), so each probe is a new all-time record. */
    private final AtomicLong probeScore = new AtomicLong(2_000_000);

    LatencyRun(LeaderboardBenchOptions options, String[] knownPlayers) {
        this.options = options;
        this.knownPlayers = knownPlayers;
    }

    private String somePlayer() {
        return knownPlayers[ThreadLocalRandom.current().nextInt(knownPlayers.length)];
    }

    /** Sluice at {@code rate} for {@code duration}; figures named {@code <prefix>read_p99_ms} etc. */
    Map<String, Object> sluice(SluiceBoard board, BareSingle bare, ScoreSource source, double rate, Duration duration, String prefix)
            throws Exception {
        Leaderboards boards = board.boards();
        Map<Long, Long> probes = new ConcurrentHashMap<>();
        Recorder freshness = new Recorder(3);
        AutoCloseable subscription = boards.subscribe(s -> {
            if (s.window().equals("all") && !s.top().isEmpty()) {
                long now = System.nanoTime();
                long best = s.top().get(0).best();
                probes.entrySet().removeIf(e -> {
                    if (e.getKey() <= best) {
                        freshness.recordValue((now - e.getValue()) / 1000);
                        return true;
                    }
                    return false;
                });
            }
        });
        GcPauses gc = GcPauses.start();
        OpenLoop load = new OpenLoop(board, source, options.threads(), options.batchSize(), rate);
        // the harness's own floor: a call that does nothing, on the same kind of schedule and thread (waking up, waiting for a core)
        Paced harness = new Paced("harness", READS_PER_S, () -> { });
        Readers readers = readers(board, bare, source);
        Paced reads = readers.reads(), queries = readers.queries(), ranks = readers.ranks();
        Paced singles = readers.singles(), bareSingles = readers.bareSingles();
        Paced probe = new Paced("probe", 4, () -> {
            long score = probeScore.incrementAndGet();
            boards.ingest(ScoreEvent.of("probe-" + score, "probe", score, Instant.now()));
            probes.put(score, System.nanoTime());
        });
        Thread.sleep(duration.toMillis());
        Map<String, Object> r = new LinkedHashMap<>();
        Histogram probeHistogram = probe.finish();
        OpenLoop.Outcome ingest = load.finish();
        r.put(prefix + "offered_per_s", Math.round(rate));
        r.put(prefix + "committed_per_s", round(ingest.committedPerSecond()));
        r.put(prefix + "lag_at_end_ms", round(ingest.lagMillis()));
        r.put(prefix + "unfolded_at_end", ingest.backlog());
        r.put(prefix + "ingest_batch_p99_ms", ms(ingest.batchLatencyMicros(), 99));
        put(r, prefix + "ingest", singles.finish());
        put(r, prefix + "bare_single", bareSingles.finish());
        put(r, prefix + "read", reads.finish());
        put(r, prefix + "query_read", queries.finish());
        put(r, prefix + "rank", ranks.finish());
        put(r, prefix + "harness", harness.finish());
        put(r, prefix + "read_service", reads.serviceTimes());
        put(r, prefix + "query_read_service", queries.serviceTimes());
        put(r, prefix + "rank_service", ranks.serviceTimes());
        // the last probes get up to three snapshot intervals (and publishes) to show up
        long deadline = System.nanoTime() + boards.config().snapshotInterval().toNanos() * 3;
        while (!probes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        subscription.close();
        Histogram fresh = freshness.getIntervalHistogram();
        r.put(prefix + "freshness_p50_ms", ms(fresh, 50));
        r.put(prefix + "freshness_p99_ms", ms(fresh, 99));
        r.put(prefix + "freshness_max_ms", ms(fresh, 100));
        r.put(prefix + "freshness_samples", fresh.getTotalCount());
        r.put(prefix + "freshness_unseen", probes.size());
        r.put(prefix + "probe_p99_ms", ms(probeHistogram, 99));
        gc.put(r, prefix);
        return r;
    }

    /** The requests beside the ingest, each on its own constant schedule; closing stops them (and throws what one of them threw). */
    record Readers(Paced reads, Paced queries, Paced ranks, Paced singles, Paced bareSingles) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            for (Paced p : List.of(reads, queries, ranks, singles, bareSingles)) {
                p.finish();
            }
        }
    }

    /** Starts the readers of {@link #sluice}: the served read, the exact query, the rank, and the two single-event writes. */
    Readers readers(SluiceBoard board, BareSingle bare, ScoreSource source) {
        Leaderboards boards = board.boards();
        return new Readers(new Paced("served-read", READS_PER_S, () -> boards.liveTop("1m", 100)),
                new Paced("query-read", QUERIES_PER_S, () -> boards.top("1m", 100)),
                new Paced("rank", RANKS_PER_S, () -> boards.rank("all", somePlayer(), 0)),
                new Paced("single", SINGLES_PER_S, () -> board.ingest(source.batch(1))),
                new Paced("bare-single", SINGLES_PER_S, () -> bare.insert(source.batch(1).get(0))));
    }

    /**
     * Single-event ingest alone (no batch load, no readers; the tail and the publisher run as always),
     * beside the bare single-row INSERT: whether a slow single is the commit's flush or this process.
     */
    Map<String, Object> alone(SluiceBoard board, BareSingle bare, ScoreSource source, Duration duration, String prefix) throws Exception {
        GcPauses gc = GcPauses.start();
        Paced singles = new Paced("single", SINGLES_PER_S, () -> board.ingest(source.batch(1)));
        Paced bareSingles = new Paced("bare-single", SINGLES_PER_S, () -> bare.insert(source.batch(1).get(0)));
        Thread.sleep(duration.toMillis());
        Map<String, Object> r = new LinkedHashMap<>();
        put(r, prefix + "ingest", singles.finish());
        put(r, prefix + "bare_single", bareSingles.finish());
        gc.put(r, prefix);
        return r;
    }

    /** Redis at {@code rate} for {@code duration}: served read and rank straight from the sorted sets. */
    Map<String, Object> redis(RedisBoard board, ScoreSource source, double rate, Duration duration, String prefix) throws Exception {
        OpenLoop load = new OpenLoop(board, source, options.threads(), options.batchSize(), rate);
        Paced reads = new Paced("redis-read", READS_PER_S, () -> board.top(Window.MINUTE, 100));
        Paced ranks = new Paced("redis-rank", RANKS_PER_S, () -> board.rank(Window.ALL_TIME, somePlayer()));
        Paced singles = new Paced("redis-single", SINGLES_PER_S, () -> board.ingest(source.batch(1)));
        Thread.sleep(duration.toMillis());
        Map<String, Object> r = new LinkedHashMap<>();
        OpenLoop.Outcome ingest = load.finish();
        r.put(prefix + "offered_per_s", Math.round(rate));
        r.put(prefix + "committed_per_s", round(ingest.committedPerSecond()));
        r.put(prefix + "lag_at_end_ms", round(ingest.lagMillis()));
        r.put(prefix + "ingest_batch_p99_ms", ms(ingest.batchLatencyMicros(), 99));
        put(r, prefix + "ingest", singles.finish());
        put(r, prefix + "read", reads.finish());
        put(r, prefix + "rank", ranks.finish());
        return r;
    }

    private static void put(Map<String, Object> r, String name, Histogram h) {
        r.put(name + "_p50_ms", ms(h, 50));
        r.put(name + "_p99_ms", ms(h, 99));
        r.put(name + "_p999_ms", ms(h, 99.9));
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static List<String> players(List<List<ScoreSource.Score>> batches) {
        return batches.stream().flatMap(List::stream).map(ScoreSource.Score::player).distinct().toList();
    }
}

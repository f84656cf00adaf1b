package dev.sluice.bench.leaderboard;

import dev.sluice.DurationText;
import java.time.Duration;

/**
 * Options of {@code sluice bench leaderboard}.
 *
 * @param jdbcUrl PostgreSQL to measure; null starts an embedded PostgreSQL 17 with durable commits
 * @param players distinct players (default 100,000)
 * @param events events each system ingests in the closed-loop throughput phase (default 100,000)
 * @param batchSize events per batch, for every system (default 500)
 * @param threads client threads (and connections) for every system (default 4)
 * @param step length of each capacity step (default 5 s)
 * @param latency length of the latency phase at 80% of capacity (default 20 s)
 * @param seedRate the write-up's load (default 1,200 events/s)
 * @param seedDuration length of the seed-rate phase (default 15 s)
 * @param redis whether to run the Redis side (default true; skipped with a message when redis-server is absent)
 * @param redisServer the redis-server executable (default {@code redis-server} from PATH)
 * @param capacity a sustained capacity to take as given, skipping the search (0, the default: search; for
 *                 development runs of the latency phases, and reported as {@code capacity_given})
 * @param serving whether to also find the capacity with the latency phase's readers running beside each step,
 *                and measure latency at 80% of that (default true; keys {@code serving_...})
 * @param warmup the same load as the latency phase at 80% of capacity, run first and not recorded (default 10 s;
 *               0 skips it): the JVM's heap and young generation settle to the standings' size before the phase is timed
 */
public record LeaderboardBenchOptions(String jdbcUrl, int players, int events, int batchSize, int threads, Duration step,
                                      Duration latency, int seedRate, Duration seedDuration, boolean redis, String redisServer,
                                      int capacity, boolean serving, Duration warmup) {

    public LeaderboardBenchOptions {
        positive("--players", players);
        positive("--events", events);
        positive("--batch", batchSize);
        positive("--threads", threads);
        positive("--seed-rate", seedRate);
        if (capacity < 0) {
            throw new IllegalArgumentException("--capacity must not be negative; got " + capacity + ".");
        }
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must be zero or positive; got " + warmup + ".");
        }
        if (batchSize > 10_000) {
            throw new IllegalArgumentException("--batch must be at most 10000 (the leaderboard's maxBatchSize); got " + batchSize + ".");
        }
        for (Duration d : new Duration[] {step, latency, seedDuration}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--step, --latency and --seed-duration must be positive; got " + d + ".");
            }
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be positive; got " + v + ".");
        }
    }

    public static LeaderboardBenchOptions defaults() {
        return new LeaderboardBenchOptions(null, 100_000, 100_000, 500, 4, Duration.ofSeconds(5), Duration.ofSeconds(20), 1_200,
                Duration.ofSeconds(15), true, "redis-server", 0, true, Duration.ofSeconds(10));
    }

    /** Parses {@code --jdbc-url --players --events --batch --threads --step --latency --seed-rate --seed-duration --redis on|off --redis-server --capacity --serving on|off --warmup}. */
    public static LeaderboardBenchOptions parse(String[] args) {
        LeaderboardBenchOptions d = defaults();
        String url = d.jdbcUrl, server = d.redisServer;
        int players = d.players, events = d.events, batch = d.batchSize, threads = d.threads, seedRate = d.seedRate, capacity = d.capacity;
        Duration step = d.step, latency = d.latency, seed = d.seedDuration, warmup = d.warmup;
        boolean redis = d.redis, serving = d.serving;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value.");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--jdbc-url" -> url = v;
                case "--players" -> players = Integer.parseInt(v);
                case "--events" -> events = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--step" -> step = DurationText.parse(v);
                case "--latency" -> latency = DurationText.parse(v);
                case "--seed-rate" -> seedRate = Integer.parseInt(v);
                case "--seed-duration" -> seed = DurationText.parse(v);
                case "--redis" -> redis = onOff("--redis", v);
                case "--serving" -> serving = onOff("--serving", v);
                case "--warmup" -> warmup = DurationText.parse(v);
                case "--redis-server" -> server = v;
                case "--capacity" -> capacity = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + ". Options: --jdbc-url --players --events --batch"
                        + " --threads --step --latency --seed-rate --seed-duration --redis on|off --redis-server --capacity --serving on|off --warmup");
            }
        }
        return new LeaderboardBenchOptions(url, players, events, batch, threads, step, latency, seedRate, seed, redis, server, capacity, serving, warmup);
    }

    private static boolean onOff(String name, String v) {
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(name + " takes on or off; got " + v + ".");
        };
    }
}

package dev.sluice.bench;

import dev.sluice.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the open-loop phases ({@code --mode steady} and {@code --mode fairness}).
 *
 * @param duration how long the producer offers load in each run (default 60 s)
 * @param capacityJobs messages of the burn-down that learns the capacity (default 150,000)
 * @param levels offered load of the steady runs, in percent of the capacity (default 30, 60, 80)
 * @param drainTimeout after the load stops, how long a run waits for the rest to be handled (default 10 s)
 * @param interval the producer's fixed schedule: one batch every interval (default 20 ms)
 * @param fairnessPercent offered plain load of the fairness runs, percent of the capacity (default 60)
 * @param burst messages of the burst in the fairness run (default 20,000; 0 for none)
 * @param burstAt when the burst is enqueued, from the start of the run (default 6 s)
 * @param burstDelay how long after its enqueue the burst comes due (default 2 s)
 * @param trickleFrom when the urgent, delayed and fail-once trickle starts (default 8 s)
 * @param retryBaseDelay the workers' retry delay after the first failure, in the fairness runs (default 100 ms)
 * @param warmup load offered before the measured window of each run, at the same rate, and not counted in its
 *        latency figures (default 5 s): a run starts a fresh Sluice, so its first second pays new connections,
 *        cold catalog caches and first plans (reported apart as {@code warmup_*})
 */
public record LoadOptions(Duration duration, int capacityJobs, List<Integer> levels, Duration drainTimeout, Duration interval,
                          int fairnessPercent, int burst, Duration burstAt, Duration burstDelay, Duration trickleFrom,
                          Duration retryBaseDelay, Duration warmup) {

    /** Urgent, delayed and fail-once messages: this many of each kind per trickle tick. */
    public static final int TRICKLE_EACH = 5;
    /** The trickle's tick. */
    public static final Duration TRICKLE_EVERY = Duration.ofMillis(100);
    /** Delay of the trickle's delayed messages. */
    public static final Duration TRICKLE_DELAY = Duration.ofSeconds(1);
    /** Priority of the trickle's urgent messages (smaller runs first; plain messages have 0). */
    public static final int URGENT_PRIORITY = -10;

    public LoadOptions {
        levels = List.copyOf(levels);
        if (duration.isNegative() || duration.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--steady-duration and --interval must be positive; got " + duration + ", " + interval);
        }
        if (capacityJobs < 1 || burst < 0 || drainTimeout.isNegative() || burstAt.isNegative() || burstDelay.isNegative()
                || trickleFrom.isNegative() || retryBaseDelay.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("--capacity-jobs must be positive, --burst and the durations not negative");
        }
        for (int level : levels) {
            if (level < 1 || level > 200) {
                throw new IllegalArgumentException("--levels are percent of the burn-down capacity, 1..200; got " + level);
            }
        }
        if (levels.isEmpty() || fairnessPercent < 1 || fairnessPercent > 200) {
            throw new IllegalArgumentException("--levels must name at least one level and --fairness-level be 1..200");
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(Duration.ofSeconds(60), 150_000, List.of(30, 60, 80), Duration.ofSeconds(10), Duration.ofMillis(20),
                60, 20_000, Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /**
     * Reads one command-line option into {@code current}: returns the new options, or {@code null}
     * when {@code option} is not one of these.
     */
    static LoadOptions parse(LoadOptions o, String option, String value) {
        return switch (option) {
            case "--steady-duration" -> new LoadOptions(DurationText.parse(value), o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--capacity-jobs" -> new LoadOptions(o.duration, Integer.parseInt(value), o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--levels" -> new LoadOptions(o.duration, o.capacityJobs, percents(value), o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--drain-timeout" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, DurationText.parse(value), o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--interval" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, DurationText.parse(value),
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--fairness-level" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    Integer.parseInt(value), o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--burst" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, Integer.parseInt(value), o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--burst-at" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, DurationText.parse(value), o.burstDelay, o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--burst-delay" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, DurationText.parse(value), o.trickleFrom, o.retryBaseDelay, o.warmup);
            case "--trickle-from" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, DurationText.parse(value), o.retryBaseDelay, o.warmup);
            case "--retry-base-delay" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, DurationText.parse(value), o.warmup);
            case "--warmup" -> new LoadOptions(o.duration, o.capacityJobs, o.levels, o.drainTimeout, o.interval,
                    o.fairnessPercent, o.burst, o.burstAt, o.burstDelay, o.trickleFrom, o.retryBaseDelay, DurationText.parse(value));
            default -> null;
        };
    }

    private static List<Integer> percents(String value) {
        List<Integer> levels = new ArrayList<>();
        for (String p : value.split(",")) {
            levels.add(Integer.parseInt(p.trim().replace("%", "")));
        }
        return levels;
    }

    /** The p99 target for a steady level: 50 ms up to 60% of the capacity, 200 ms above. */
    public static double steadyP99TargetMillis(int levelPercent) {
        return levelPercent <= 60 ? 50 : 200;
    }
}

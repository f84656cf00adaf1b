package dev.sluice.bench;

import dev.sluice.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the open-loop phases ({@code --mode steady} and {@code --mode fairness}).
 *
 * @param duration how long the producer offers load in each run (default 60 s)
 * @param capacityJobs messages of the burn-down that learns the burn-down capacity (default 150,000)
 * @param capacity what the steady and fairness levels are percent of: {@value #SUSTAINED} (default: the highest
 *        rate a continuous producer can offer while the workers keep up, found in short steps, see {@link Capacity}),
 *        {@value #BURN} (the burn-down rate, measured with no producer running), or a rate per second
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
 * @param trickle the kinds of the trickle (default urgent, delayed, retried; {@code --trickle delayed} runs one
 *        kind alone, to see what each costs the plain messages)
 */
public record LoadOptions(Duration duration, int capacityJobs, String capacity, List<Integer> levels, Duration drainTimeout, Duration interval,
                          int fairnessPercent, int burst, Duration burstAt, Duration burstDelay, Duration trickleFrom,
                          Duration retryBaseDelay, Duration warmup, List<String> trickle) {

    /** Urgent, delayed and fail-once messages: this many of each kind per trickle tick. */
    public static final int TRICKLE_EACH = 5;
    /** The trickle's tick. */
    public static final Duration TRICKLE_EVERY = Duration.ofMillis(100);
    /** Delay of the trickle's delayed messages. */
    public static final Duration TRICKLE_DELAY = Duration.ofSeconds(1);
    /** Priority of the trickle's urgent messages (smaller runs first; plain messages have 0). */
    public static final int URGENT_PRIORITY = -10;

    /** {@code --capacity sustained}: levels are percent of the rate sustained with the producer running. */
    public static final String SUSTAINED = "sustained";
    /** {@code --capacity burn}: levels are percent of the burn-down rate (no producer running). */
    public static final String BURN = "burn";

    /** The trickle's kinds, all by default. */
    public static final List<String> TRICKLE_KINDS = List.of("urgent", "delayed", "retried");

    public LoadOptions {
        levels = List.copyOf(levels);
        trickle = List.copyOf(trickle);
        if (!TRICKLE_KINDS.containsAll(trickle)) {
            throw new IllegalArgumentException("--trickle takes a comma-separated subset of " + TRICKLE_KINDS + "; got " + trickle);
        }
        if (!capacity.equals(SUSTAINED) && !capacity.equals(BURN) && !capacity.matches("[0-9]+")) {
            throw new IllegalArgumentException("--capacity takes sustained, burn or a rate per second; got " + capacity);
        }
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
        return new LoadOptions(Duration.ofSeconds(60), 150_000, SUSTAINED, List.of(30, 60, 80), Duration.ofSeconds(10), Duration.ofMillis(20),
                60, 20_000, Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofMillis(100), Duration.ofSeconds(5), TRICKLE_KINDS);
    }

    /**
     * Reads one command-line option into {@code current}: returns the new options, or {@code null}
     * when {@code option} is not one of these.
     */
    static LoadOptions parse(LoadOptions o, String option, String value) {
        Builder b = new Builder(o);
        switch (option) {
            case "--steady-duration" -> b.duration = DurationText.parse(value);
            case "--capacity-jobs" -> b.capacityJobs = Integer.parseInt(value);
            case "--capacity" -> b.capacity = value;
            case "--levels" -> b.levels = percents(value);
            case "--drain-timeout" -> b.drainTimeout = DurationText.parse(value);
            case "--interval" -> b.interval = DurationText.parse(value);
            case "--fairness-level" -> b.fairnessPercent = Integer.parseInt(value);
            case "--burst" -> b.burst = Integer.parseInt(value);
            case "--burst-at" -> b.burstAt = DurationText.parse(value);
            case "--burst-delay" -> b.burstDelay = DurationText.parse(value);
            case "--trickle-from" -> b.trickleFrom = DurationText.parse(value);
            case "--retry-base-delay" -> b.retryBaseDelay = DurationText.parse(value);
            case "--warmup" -> b.warmup = DurationText.parse(value);
            case "--trickle" -> b.trickle = List.of(value.split(","));
            default -> {
                return null;
            }
        }
        return b.build();
    }

    /** These options with another drain timeout and warm-up (the capacity search's short steps). */
    LoadOptions withDrainAndWarmup(Duration drain, Duration warm) {
        Builder b = new Builder(this);
        b.drainTimeout = drain;
        b.warmup = warm;
        return b.build();
    }

    /** One option changed at a time, the rest copied. */
    private static final class Builder {
        Duration duration;
        int capacityJobs;
        String capacity;
        List<Integer> levels;
        Duration drainTimeout;
        Duration interval;
        int fairnessPercent;
        int burst;
        Duration burstAt;
        Duration burstDelay;
        Duration trickleFrom;
        Duration retryBaseDelay;
        Duration warmup;
        List<String> trickle;

        Builder(LoadOptions o) {
            duration = o.duration;
            capacityJobs = o.capacityJobs;
            capacity = o.capacity;
            levels = o.levels;
            drainTimeout = o.drainTimeout;
            interval = o.interval;
            fairnessPercent = o.fairnessPercent;
            burst = o.burst;
            burstAt = o.burstAt;
            burstDelay = o.burstDelay;
            trickleFrom = o.trickleFrom;
            retryBaseDelay = o.retryBaseDelay;
            warmup = o.warmup;
            trickle = o.trickle;
        }

        LoadOptions build() {
            return new LoadOptions(duration, capacityJobs, capacity, levels, drainTimeout, interval, fairnessPercent, burst, burstAt,
                    burstDelay, trickleFrom, retryBaseDelay, warmup, trickle);
        }
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

package dev.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an open-loop producer sends and when, fixed before the run starts: batches at offsets from
 * the run's start, each of one kind, their messages numbered consecutively ({@link Sequence}) so that
 * a message's number finds its batch, and with it its kind and when it became due. Batches are
 * spread over lanes, each lane with its own producer threads, so that a burst being enqueued never
 * delays the steady stream's schedule.
 */
final class LoadPlan {

    /** The kinds of message the benchmarks tell apart. */
    enum Kind {
        /** Priority 0, ready at once: the steady stream. */
        PLAIN,
        /** Priority {@link LoadOptions#URGENT_PRIORITY}, ready at once. */
        URGENT,
        /** Ready {@link LoadOptions#TRICKLE_DELAY} after its planned send. */
        DELAYED,
        /** Its handler fails on the first attempt; measured on the retry, from when the retry came due. */
        RETRIED,
        /** Part of the burst, all coming due at the same instant. */
        BURST;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The steady stream's lane. */
    static final int MAIN = 0;
    /** The trickle's and the burst's lane. */
    static final int EXTRAS = 1;
    private static final int BURST_BATCH = 2_000;

    /** One planned batch: {@code size} messages numbered from {@code firstSeq}, sent at {@code offsetNanos}, due {@code delayNanos} later. */
    record Planned(int lane, long offsetNanos, int firstSeq, int size, Kind kind, long delayNanos) {
        int priority() {
            return kind == Kind.URGENT ? LoadOptions.URGENT_PRIORITY : 0;
        }
    }

    private final List<Planned> batches = new ArrayList<>();
    private final Duration duration;
    private long warmupNanos;
    private final double plainRate;
    private int total;
    private int burst;
    private long burstDueNanos = -1;

    private LoadPlan(Duration duration, double plainRate) {
        this.duration = duration;
        this.plainRate = plainRate;
    }

    /** Plain messages at {@code rate}/s for {@code duration}, one batch every {@code interval} (sizes carry the fractions). */
    static LoadPlan steady(double rate, Duration duration, Duration interval) {
        return steady(rate, duration, interval, Duration.ZERO);
    }

    /**
     * As {@link #steady(double, Duration, Duration)}, preceded by {@code warmup} of the same load whose
     * messages are handled and checked like the others but left out of the latency figures.
     */
    static LoadPlan steady(double rate, Duration duration, Duration interval, Duration warmup) {
        duration = duration.plus(warmup);
        LoadPlan plan = new LoadPlan(duration, rate);
        plan.warmupNanos = warmup.toNanos();
        long step = interval.toNanos();
        long ticks = Math.max(1, duration.toNanos() / step);
        long sent = 0;
        for (long k = 0; k < ticks; k++) {
            long due = Math.round(rate * (k + 1) * step / 1e9);
            if (due > sent) {
                plan.add(MAIN, k * step, (int) (due - sent), Kind.PLAIN, 0);
                sent = due;
            }
        }
        return plan;
    }

    /**
     * The fairness load: plain messages at {@code rate}/s, one burst at {@code burstAt} coming due
     * {@code burstDelay} later, and from {@code trickleFrom} on, every {@link LoadOptions#TRICKLE_EVERY},
     * {@link LoadOptions#TRICKLE_EACH} urgent, delayed and fail-once messages.
     */
    static LoadPlan fairness(double rate, LoadOptions o) {
        LoadPlan plan = steady(rate, o.duration(), o.interval(), o.warmup());
        long shift = o.warmup().toNanos(); // burst and trickle times count from the end of the warm-up
        long end = plan.duration.toNanos();
        plan.rehearse(o, shift);
        if (o.burst() > 0 && shift + o.burstAt().toNanos() < end) {
            plan.burst = o.burst();
            plan.burstDueNanos = shift + o.burstAt().toNanos() + o.burstDelay().toNanos();
            for (int sent = 0; sent < o.burst(); sent += BURST_BATCH) {
                plan.add(EXTRAS, shift + o.burstAt().toNanos(), Math.min(BURST_BATCH, o.burst() - sent), Kind.BURST, o.burstDelay().toNanos());
            }
        }
        for (long at = shift + o.trickleFrom().toNanos(); at < end; at += LoadOptions.TRICKLE_EVERY.toNanos()) {
            plan.addTrickle(o, at);
        }
        return plan;
    }

    /**
     * The warm-up rehearses what the measured window will ask for: the trickle from its first fifth on,
     * and a burst of a quarter of the measured one enqueued at a fifth of it and due at two fifths, so that
     * it has drained well before the window opens. A run starts a fresh Sluice in a JVM whose promotion and
     * retry paths may not have run yet (the plain-only run and the capacity steps never use them), and the
     * first burst of a JVM drained slowest in 6 of 8 JVMs in session 10: measured so, the burst paid for the
     * JIT compiling those paths on the same two cores. Counted and checked like every message; kept out of
     * the latency and drain figures, as the warm-up's plain messages are.
     */
    private void rehearse(LoadOptions o, long warmupNanos) {
        if (warmupNanos <= 0) {
            return;
        }
        int burstSize = o.burst() / 4;
        if (burstSize > 0) {
            long at = warmupNanos / 5;
            long delay = warmupNanos / 5;
            for (int sent = 0; sent < burstSize; sent += BURST_BATCH) {
                add(EXTRAS, at, Math.min(BURST_BATCH, burstSize - sent), Kind.BURST, delay);
            }
        }
        // Delayed and retried messages of the trickle come due up to a second after being sent: the
        // rehearsal's trickle stops that long before the window, so it is over when the window opens.
        long stop = warmupNanos - LoadOptions.TRICKLE_DELAY.toNanos();
        for (long at = warmupNanos / 5; at < stop; at += LoadOptions.TRICKLE_EVERY.toNanos()) {
            addTrickle(o, at);
        }
    }

    private void addTrickle(LoadOptions o, long at) {
        if (o.trickle().contains("urgent")) {
            add(EXTRAS, at, LoadOptions.TRICKLE_EACH, Kind.URGENT, 0);
        }
        if (o.trickle().contains("delayed")) {
            add(EXTRAS, at, LoadOptions.TRICKLE_EACH, Kind.DELAYED, LoadOptions.TRICKLE_DELAY.toNanos());
        }
        if (o.trickle().contains("retried")) {
            add(EXTRAS, at, LoadOptions.TRICKLE_EACH, Kind.RETRIED, 0);
        }
    }

    private void add(int lane, long offsetNanos, int size, Kind kind, long delayNanos) {
        batches.add(new Planned(lane, offsetNanos, total, size, kind, delayNanos));
        total += size;
    }

    int batchCount() {
        return batches.size();
    }

    Planned batch(int index) {
        return batches.get(index);
    }

    /** The batch holding message {@code seq} (batches are numbered in the order of their first message). */
    int batchOf(int seq) {
        int lo = 0;
        int hi = batches.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (batches.get(mid).firstSeq() <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The batches of one lane, in the order they are sent. */
    int[] lane(int lane) {
        return java.util.stream.IntStream.range(0, batches.size()).filter(i -> batches.get(i).lane() == lane)
                .boxed().sorted(java.util.Comparator.comparingLong(i -> batches.get(i).offsetNanos()))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Messages of one kind in the plan. */
    long count(Kind kind) {
        return batches.stream().filter(b -> b.kind() == kind).mapToLong(Planned::size).sum();
    }

    /** Messages of one kind sent after the warm-up: those the latency figures cover. */
    long measuredCount(Kind kind) {
        return batches.stream().filter(b -> b.kind() == kind && measured(b)).mapToLong(Planned::size).sum();
    }

    /** Whether a batch is sent after the warm-up. */
    boolean measured(Planned batch) {
        return batch.offsetNanos() >= warmupNanos;
    }

    long warmupNanos() {
        return warmupNanos;
    }

    int total() {
        return total;
    }

    Duration duration() {
        return duration;
    }

    double plainRate() {
        return plainRate;
    }

    /** Messages in the burst, 0 for none. */
    int burst() {
        return burst;
    }

    /** When the burst comes due, from the run's start; -1 for none. */
    long burstDueNanos() {
        return burstDueNanos;
    }
}

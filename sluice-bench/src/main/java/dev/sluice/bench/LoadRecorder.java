package dev.sluice.bench;

import dev.sluice.bench.LoadPlan.Kind;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.Batch;
import dev.sluice.worker.BatchHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The handler of an open-loop run: records, per kind, the time from when a message became due to
 * the start of the first handler call that received it (inside the claiming transaction, before its
 * commit), and counts each message's successful handler calls. Due is the producer's stamp right
 * after the enqueue's COMMIT returned for ready messages (plain, urgent), the planned run time for
 * delayed and burst messages (or that stamp, if later), and {@link ReceivedMessage#runAt()} of the
 * retried delivery for fail-once messages, whose first attempt throws on purpose.
 */
final class LoadRecorder implements BatchHandler {

    private static final int STARTED = 1 << 24;
    private static final int RETRY_STARTED = 1 << 25;
    private static final int COUNT = STARTED - 1;
    private static final long HIGHEST_MICROS = 3_600_000_000L;
    /** Plain messages due this long from the burst's due time on count as "near the burst". */
    static final long BURST_WINDOW_NANOS = 5_000_000_000L;

    private final LoadPlan plan;
    private final AtomicLongArray committedNanos;
    private final AtomicIntegerArray states;
    private final AtomicIntegerArray handledPerMilli;
    private final AtomicLongArray maxMicrosPerTenth;
    private final Map<Kind, Histogram> latency = new EnumMap<>(Kind.class);
    private final Histogram warmup = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram plainNearBurst = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram plainAwayFromBurst = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Map<Kind, AtomicLong> lastStartNanos = new EnumMap<>(Kind.class);
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile long startNanos;

    /** {@code horizon}: how long after the start handled messages are counted per millisecond. */
    LoadRecorder(LoadPlan plan, AtomicLongArray committedNanos, Duration horizon) {
        this.plan = plan;
        this.committedNanos = committedNanos;
        this.states = new AtomicIntegerArray(plan.total());
        this.handledPerMilli = new AtomicIntegerArray((int) horizon.toMillis() + 1);
        this.maxMicrosPerTenth = new AtomicLongArray((int) (horizon.toMillis() / 100) + 1);
        for (Kind kind : Kind.values()) {
            latency.put(kind, new ConcurrentHistogram(HIGHEST_MICROS, 3));
            lastStartNanos.put(kind, new AtomicLong());
        }
    }

    /** Sets the run's start (System.nanoTime), the origin of the plan's offsets. */
    void start(long nanos) {
        startNanos = nanos;
    }

    @Override
    public void handle(Batch batch) {
        long now = System.nanoTime();
        List<ReceivedMessage> messages = batch.messages();
        int[] seqs = new int[messages.size()];
        int[] batches = new int[messages.size()];
        boolean failOnPurpose = false;
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = Sequence.of(messages.get(i).payloadJson());
            batches[i] = plan.batchOf(seqs[i]);
            failOnPurpose |= plan.batch(batches[i]).kind() == Kind.RETRIED && messages.get(i).attempts() == 0;
        }
        Instant wall = null;
        for (int i = 0; i < seqs.length; i++) {
            ReceivedMessage m = messages.get(i);
            LoadPlan.Planned planned = plan.batch(batches[i]);
            if (planned.kind() == Kind.RETRIED) {
                if (m.attempts() > 0 && flag(seqs[i], RETRY_STARTED)) {
                    wall = wall == null ? Instant.now() : wall;
                    record(planned, Kind.RETRIED, Duration.between(m.runAt(), wall).toNanos() / 1_000, now);
                }
            } else if (flag(seqs[i], STARTED)) {
                record(planned, planned.kind(), (now - due(planned, batches[i], now)) / 1_000, now);
            }
        }
        int failedHere = 0;
        boolean[] failed = new boolean[seqs.length];
        if (failOnPurpose) {
            // Fails just the fail-once messages (Batch.fail, as a handler that knows which message is bad
            // would); the rest of the batch commits. A handler that throws instead makes Sluice isolate.
            for (int i = 0; i < seqs.length; i++) {
                ReceivedMessage m = messages.get(i);
                if (plan.batch(batches[i]).kind() == Kind.RETRIED && m.attempts() == 0) {
                    batch.fail(m, new IllegalStateException("a fail-once message's first attempt fails on purpose"));
                    failed[i] = true;
                    failedHere++;
                }
            }
        }
        int milli = (int) Math.min(handledPerMilli.length() - 1, Math.max(0, (now - startNanos) / 1_000_000));
        for (int i = 0; i < seqs.length; i++) {
            if (failed[i]) {
                continue;
            }
            int seq = seqs[i];
            if ((states.getAndIncrement(seq) & COUNT) == 0) {
                handled.incrementAndGet();
            } else {
                duplicates.incrementAndGet();
            }
        }
        handledPerMilli.addAndGet(milli, seqs.length - failedHere);
    }

    /** When a message of this batch became due, in System.nanoTime; a stamp not yet taken means "now". */
    private long due(LoadPlan.Planned planned, int batch, long now) {
        long committed = committedNanos.get(batch);
        long commit = committed == 0 ? now : committed; // the handler ran before the producer read its clock
        return Math.max(commit, startNanos + planned.offsetNanos() + planned.delayNanos());
    }

    private void record(LoadPlan.Planned planned, Kind kind, long micros, long now) {
        if (!plan.measured(planned)) {
            warmup.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
            return;
        }
        int tenth = (int) Math.min(maxMicrosPerTenth.length() - 1, Math.max(0, (now - startNanos - micros * 1_000) / 100_000_000));
        maxMicrosPerTenth.accumulateAndGet(tenth, micros, Math::max);
        latency.get(kind).recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
        if (kind == Kind.PLAIN && plan.burst() > 0) {
            long dueOffset = now - startNanos - micros * 1_000;
            boolean near = dueOffset >= plan.burstDueNanos() && dueOffset < plan.burstDueNanos() + BURST_WINDOW_NANOS;
            (near ? plainNearBurst : plainAwayFromBurst).recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
        }
        lastStartNanos.get(kind).accumulateAndGet(now, Math::max);
    }

    /** Sets {@code flag} on message {@code seq}; true if it was not set before. */
    private boolean flag(int seq, int flag) {
        while (true) {
            int v = states.get(seq);
            if ((v & flag) != 0) {
                return false;
            }
            if (states.compareAndSet(seq, v, v | flag)) {
                return true;
            }
        }
    }

    /**
     * The {@code n} tenths of a second (by due time, from the start of the run) whose slowest message
     * waited longest, slowest first: shows whether a tail comes from a few stalls or from everywhere.
     */
    List<Map<String, Object>> slowestTenths(int n) {
        List<Integer> tenths = new ArrayList<>();
        for (int i = 0; i < maxMicrosPerTenth.length(); i++) {
            if (maxMicrosPerTenth.get(i) > 0) {
                tenths.add(i);
            }
        }
        tenths.sort((a, b) -> Long.compare(maxMicrosPerTenth.get(b), maxMicrosPerTenth.get(a)));
        List<Map<String, Object>> slowest = new ArrayList<>();
        for (int i : tenths.subList(0, Math.min(n, tenths.size()))) {
            slowest.add(Map.of("at_s", i / 10.0, "max_ms", maxMicrosPerTenth.get(i) / 1_000.0));
        }
        return slowest;
    }

    /** Messages handled successfully at least once. */
    long handled() {
        return handled.get();
    }

    /** Successful handler calls beyond the first of a message. */
    long duplicates() {
        return duplicates.get();
    }

    /** Messages of the plan never handled successfully. */
    long missing() {
        long missing = 0;
        for (int i = 0; i < states.length(); i++) {
            missing += (states.get(i) & COUNT) == 0 ? 1 : 0;
        }
        return missing;
    }

    /** Due to handler start of one kind, in microseconds. */
    Histogram latency(Kind kind) {
        return latency.get(kind);
    }

    /**
     * Due to handler start of the plain messages that became due within {@link #BURST_WINDOW_NANOS} of the
     * burst's due time ({@code near}), or outside it: separates what the burst costs them from the run's other stalls.
     */
    Histogram plainLatency(boolean near) {
        return near ? plainNearBurst : plainAwayFromBurst;
    }

    /** Due to handler start of every message sent during the warm-up, in microseconds. */
    Histogram warmupLatency() {
        return warmup;
    }

    /** The latest handler start of a message of this kind, System.nanoTime; 0 for none. */
    long lastStartNanos(Kind kind) {
        return lastStartNanos.get(kind).get();
    }

    /** Messages handled from {@code fromNanos} to {@code toNanos} (System.nanoTime), counted per millisecond. */
    long handledBetween(long fromNanos, long toNanos) {
        int from = (int) Math.max(0, (fromNanos - startNanos) / 1_000_000);
        int to = (int) Math.min(handledPerMilli.length() - 1, (toNanos - startNanos) / 1_000_000);
        long sum = 0;
        for (int i = from; i <= to; i++) {
            sum += handledPerMilli.get(i);
        }
        return sum;
    }
}

package dev.sluice.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A process's running counts for one queue: kept in memory, exported to Micrometer, and added to
 * the queue's totals in the database about once a second by maintenance.
 */
public final class QueueCounters {
    private final LongAdder processed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dead = new LongAdder();
    private final Counter processedMeter;
    private final Counter failedMeter;
    private final Counter deadMeter;
    private final Timer batchTimer;

    public QueueCounters(String queue, MeterRegistry registry) {
        if (registry == null) {
            processedMeter = null;
            failedMeter = null;
            deadMeter = null;
            batchTimer = null;
        } else {
            processedMeter = Counter.builder("sluice.messages.processed").tag("queue", queue)
                    .description("Messages acknowledged by a handler").register(registry);
            failedMeter = Counter.builder("sluice.messages.failed").tag("queue", queue)
                    .description("Failed attempts").register(registry);
            deadMeter = Counter.builder("sluice.messages.dead").tag("queue", queue)
                    .description("Messages moved to dead letters").register(registry);
            batchTimer = Timer.builder("sluice.batch.duration").tag("queue", queue)
                    .description("Claim, handle and commit of one batch").register(registry);
        }
    }

    public void processed(int n, long nanos) {
        processed.add(n);
        if (processedMeter != null) {
            processedMeter.increment(n);
            batchTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public void failed() {
        failed.increment();
        if (failedMeter != null) {
            failedMeter.increment();
        }
    }

    public void dead() {
        dead.increment();
        if (deadMeter != null) {
            deadMeter.increment();
        }
    }

    /** Takes and resets the counts not yet flushed: {processed, failed, dead}. */
    public long[] drain() {
        return new long[] {processed.sumThenReset(), failed.sumThenReset(), dead.sumThenReset()};
    }

    /** Puts counts back after a failed flush. */
    public void restore(long[] counts) {
        processed.add(counts[0]);
        failed.add(counts[1]);
        dead.add(counts[2]);
    }
}

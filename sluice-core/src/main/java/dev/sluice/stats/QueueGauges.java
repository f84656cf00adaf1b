package dev.sluice.stats;

import dev.sluice.queue.QueueAdmin;
import dev.sluice.queue.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer gauges of one queue's depth, ready count, oldest ready age and dead letters. A scrape
 * reads a snapshot at most a few seconds old, so scraping often never floods the database.
 */
public final class QueueGauges {

    private static final long MAX_AGE_NANOS = 2_000_000_000L;

    private final QueueAdmin admin;
    private final String queue;
    private volatile QueueStats snapshot;
    private volatile long takenAt;

    private QueueGauges(QueueAdmin admin, String queue) {
        this.admin = admin;
        this.queue = queue;
    }

    /** Registers the gauges of {@code queue} in {@code registry}. */
    public static void register(MeterRegistry registry, QueueAdmin admin, String queue) {
        QueueGauges gauges = new QueueGauges(admin, queue);
        gauge(registry, "sluice.queue.depth", "Messages stored", queue, gauges, s -> s.depth());
        gauge(registry, "sluice.queue.ready", "Messages ready to run", queue, gauges, s -> s.ready());
        gauge(registry, "sluice.queue.oldest.ready.seconds", "Wait of the oldest ready message", queue, gauges, QueueStats::oldestReadySeconds);
        gauge(registry, "sluice.queue.dead.letters", "Dead letters stored", queue, gauges, s -> s.deadLetters());
    }

    private static void gauge(MeterRegistry registry, String name, String description, String queue, QueueGauges gauges,
                              ToDoubleFunction<QueueStats> read) {
        Gauge.builder(name, gauges, g -> {
            QueueStats s = g.current();
            return s == null ? Double.NaN : read.applyAsDouble(s);
        }).tag("queue", queue).description(description).strongReference(true).register(registry);
    }

    private QueueStats current() {
        long now = System.nanoTime();
        if (snapshot == null || now - takenAt > MAX_AGE_NANOS) {
            try {
                snapshot = admin.stats(queue);
                takenAt = now;
            } catch (RuntimeException e) {
                return snapshot;
            }
        }
        return snapshot;
    }
}

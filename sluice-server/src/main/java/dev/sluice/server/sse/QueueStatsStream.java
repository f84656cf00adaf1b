package dev.sluice.server.sse;

import dev.sluice.queue.QueueAdmin;
import dev.sluice.queue.QueueStats;
import dev.sluice.server.api.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the statistics of every queue once per period, derives processed/s and failed/s from the
 * change of the totals, and publishes the result to all stream clients: one database read per
 * period however many clients watch. Idle (no client) periods read nothing.
 */
public final class QueueStatsStream {

    private static final Logger log = LoggerFactory.getLogger(QueueStatsStream.class);

    /** One queue in a frame. */
    public record QueueFrame(String queue, boolean paused, long depth, long ready, double oldestReadySeconds,
                             long processed, long failed, long deadLettered, long deadLetters,
                             double processedPerSecond, double failedPerSecond) {
    }

    /** One frame of the stream. */
    public record Frame(long at, List<QueueFrame> queues) {
    }

    private final QueueAdmin admin;
    private final SseHub hub;
    private Map<String, QueueStats> previous = Map.of();
    private long previousAt;
    private volatile Frame latest;

    public QueueStatsStream(QueueAdmin admin, SseHub hub, ScheduledExecutorService timer, long periodMillis) {
        this.admin = admin;
        this.hub = hub;
        timer.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    public SseHub hub() {
        return hub;
    }

    /** The last frame published, or null. */
    public Frame latest() {
        return latest;
    }

    private void tick() {
        if (hub.size() == 0) {
            previous = Map.of();
            return;
        }
        try {
            publish(read());
        } catch (RuntimeException e) {
            log.warn("Could not read queue statistics for the stream: {}", e.toString());
        }
    }

    /** Reads now and builds a frame (rates relative to the previous read). */
    synchronized Frame read() {
        long now = System.currentTimeMillis();
        List<QueueStats> stats = admin.allStats();
        double seconds = previousAt == 0 ? 0 : (now - previousAt) / 1000.0;
        List<QueueFrame> queues = new ArrayList<>(stats.size());
        Map<String, QueueStats> current = new HashMap<>();
        for (QueueStats s : stats) {
            QueueStats before = previous.get(s.queue());
            double processedRate = before == null || seconds <= 0 ? 0 : Math.max(0, s.processed() - before.processed()) / seconds;
            double failedRate = before == null || seconds <= 0 ? 0 : Math.max(0, s.failed() - before.failed()) / seconds;
            queues.add(new QueueFrame(s.queue(), s.paused(), s.depth(), s.ready(), s.oldestReadySeconds(), s.processed(), s.failed(),
                    s.deadLettered(), s.deadLetters(), round(processedRate), round(failedRate)));
            current.put(s.queue(), s);
        }
        previous = current;
        previousAt = now;
        return new Frame(now, queues);
    }

    private void publish(Frame frame) {
        latest = frame;
        hub.publish(Json.text(frame));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

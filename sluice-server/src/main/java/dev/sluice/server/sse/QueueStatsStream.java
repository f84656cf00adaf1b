package dev.sluice.server.sse;

import dev.sluice.queue.QueueAdmin;
import dev.sluice.queue.QueueStats;
import dev.sluice.server.api.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the statistics of every queue once per period, derives processed/s and failed/s from the
 * change of the totals, and publishes the result to all stream clients: one database read per
 * period however many clients watch. It reads also while nobody watches, so that a client that
 * connects gets a frame at most one period old and, in its first frame, the rates of the last
 * {@value #HISTORY} periods (the dashboard's charts start full, not empty).
 */
public final class QueueStatsStream {

    private static final Logger log = LoggerFactory.getLogger(QueueStatsStream.class);
    /** Periods of rate history sent with a client's first frame. */
    public static final int HISTORY = 120;

    /** One queue in a frame; {@code workers}: worker threads of this service's process on the queue. */
    public record QueueFrame(String queue, boolean paused, long depth, long ready, double oldestReadySeconds,
                             long processed, long failed, long deadLettered, long deadLetters,
                             double processedPerSecond, double failedPerSecond, int workers,
                             dev.sluice.queue.QueueLimits limits, long batchesRunning) {
    }

    /** One frame of the stream; {@code history} (queue to its past rates, oldest first) only in a client's first frame. */
    public record Frame(long at, List<QueueFrame> queues, Map<String, RateHistory> history) {
    }

    /** Past processed/s and failed/s of one queue, one value per period, oldest first. */
    public record RateHistory(List<Double> processed, List<Double> failed) {
    }

    private final QueueAdmin admin;
    private final Supplier<Map<String, Integer>> workers;
    private final SseHub hub;
    private final long periodMillis;
    private Map<String, QueueStats> previous = Map.of();
    private long previousAt;
    private final ArrayDeque<Frame> recent = new ArrayDeque<>();
    private volatile Frame latest;
    private boolean failing; // only the timer thread touches it

    public QueueStatsStream(QueueAdmin admin, Supplier<Map<String, Integer>> workers, SseHub hub, ScheduledExecutorService timer,
                            long periodMillis) {
        this.admin = admin;
        this.workers = workers;
        this.hub = hub;
        this.periodMillis = periodMillis;
        hub.welcome(this::welcome);
        timer.scheduleAtFixedRate(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    public SseHub hub() {
        return hub;
    }

    /** The last frame published, or null. */
    public Frame latest() {
        return latest;
    }

    private void tick() {
        try {
            publish(read());
            if (failing) {
                failing = false;
                log.info("Reading queue statistics for the stream again");
            }
        } catch (RuntimeException e) {
            // Once per outage, not once per period: the stream reads even when nobody watches.
            if (!failing) {
                failing = true;
                log.warn("Could not read queue statistics for the stream (retrying every period): {}", e.toString());
            }
        }
    }

    /** Reads now and builds a frame (rates relative to the previous read). */
    synchronized Frame read() {
        long now = System.currentTimeMillis();
        List<QueueStats> stats = admin.allStats();
        Map<String, Integer> running = workers.get();
        double seconds = previousAt == 0 ? 0 : (now - previousAt) / 1000.0;
        List<QueueFrame> queues = new ArrayList<>(stats.size());
        Map<String, QueueStats> current = new HashMap<>();
        for (QueueStats s : stats) {
            QueueStats before = previous.get(s.queue());
            double processedRate = before == null || seconds <= 0 ? 0 : Math.max(0, s.processed() - before.processed()) / seconds;
            double failedRate = before == null || seconds <= 0 ? 0 : Math.max(0, s.failed() - before.failed()) / seconds;
            queues.add(new QueueFrame(s.queue(), s.paused(), s.depth(), s.ready(), s.oldestReadySeconds(), s.processed(), s.failed(),
                    s.deadLettered(), s.deadLetters(), round(processedRate), round(failedRate), running.getOrDefault(s.queue(), 0),
                    s.limits(), s.batchesRunning()));
            current.put(s.queue(), s);
        }
        previous = current;
        previousAt = now;
        Frame frame = new Frame(now, queues, null);
        recent.addLast(frame);
        while (recent.size() > HISTORY) {
            recent.removeFirst();
        }
        return frame;
    }

    private void publish(Frame frame) {
        latest = frame;
        if (hub.size() > 0) {
            hub.publish(Json.text(frame));
        }
    }

    /** A new client's first frame: read now, with the rate history. */
    private String welcome() {
        // Read afresh: one query per new client (dashboards, a few), and its first frame is current.
        Frame frame;
        try {
            frame = read();
            latest = frame;
        } catch (RuntimeException e) {
            log.warn("Could not read queue statistics for a new stream client: {}", e.toString());
            frame = latest;
            if (frame == null) {
                return null;
            }
        }
        return Json.text(new Frame(frame.at(), frame.queues(), history()));
    }

    private synchronized Map<String, RateHistory> history() {
        Map<String, RateHistory> history = new LinkedHashMap<>();
        for (Frame f : recent) {
            for (QueueFrame q : f.queues()) {
                history.computeIfAbsent(q.queue(), k -> new RateHistory(new ArrayList<>(), new ArrayList<>()));
            }
        }
        for (Map.Entry<String, RateHistory> e : history.entrySet()) {
            for (Frame f : recent) {
                QueueFrame q = f.queues().stream().filter(x -> x.queue().equals(e.getKey())).findFirst().orElse(null);
                if (q != null) {
                    e.getValue().processed().add(q.processedPerSecond());
                    e.getValue().failed().add(q.failedPerSecond());
                }
            }
        }
        return history;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

package dev.sluice.server.leaderboard;

import dev.sluice.leaderboard.Snapshot;
import dev.sluice.leaderboard.Standing;
import dev.sluice.server.api.Json;
import dev.sluice.server.api.LeaderboardJson;
import dev.sluice.server.sse.SseHub;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One subscription to the leaderboard's snapshots for the whole server, fanned out in memory to
 * every stream client of the snapshot's window: no database query per client. Each frame is
 * serialised once, {@code {"window", "at", "entries": [{rank, playerId, score}...]}} with the top
 * {@value #TOP} entries. At most one frame per window per {@code interval}: a snapshot arriving
 * sooner waits for the end of the interval, and only the latest one waiting is sent, so clients
 * get one update per interval, never a stale one.
 */
public final class LeaderboardStream implements AutoCloseable {

    public static final int TOP = 100;

    private final Map<String, SseHub> hubs = new LinkedHashMap<>();
    private final Map<String, Pacer> pacers = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private final long intervalNanos;
    private final AutoCloseable subscription;

    public LeaderboardStream(LeaderboardService backend, ExecutorService senders, ScheduledExecutorService timer, Duration interval) {
        this.timer = timer;
        this.intervalNanos = interval.toNanos();
        for (String window : backend.windows()) {
            SseHub hub = new SseHub("leaderboard", senders);
            Pacer pacer = new Pacer();
            // A new client gets the current standings, not the last frame sent (which is as old as the last change).
            hub.welcome(() -> {
                synchronized (pacer) {
                    if (pacer.latest != null && System.nanoTime() - pacer.lastSentNanos < intervalNanos && pacer.waiting == null) {
                        return pacer.latest;
                    }
                }
                return frame(window, Instant.now(), backend.liveTop(window, TOP));
            });
            hubs.put(window, hub);
            pacers.put(window, pacer);
        }
        this.subscription = backend.subscribe(this::publish);
    }

    /** The last frame sent for a window, and the newest one waiting for the end of the interval. */
    private static final class Pacer {
        long lastSentNanos = System.nanoTime() - Long.MAX_VALUE / 2;
        String waiting;
        String latest;
    }

    private void publish(Snapshot snapshot) {
        SseHub hub = hubs.get(snapshot.window());
        if (hub == null) {
            return;
        }
        String json = frame(snapshot.window(), snapshot.publishedAt(), snapshot.top());
        Pacer pacer = pacers.get(snapshot.window());
        synchronized (pacer) {
            long wait = pacer.lastSentNanos + intervalNanos - System.nanoTime();
            if (wait <= 0) {
                send(hub, pacer, json);
            } else {
                boolean scheduled = pacer.waiting != null;
                pacer.waiting = json;
                if (!scheduled) {
                    timer.schedule(() -> sendWaiting(hub, pacer), wait, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private static String frame(String window, Instant at, List<Standing> entries) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("window", window);
        frame.put("at", at);
        frame.put("entries", LeaderboardJson.entries(entries.size() > TOP ? entries.subList(0, TOP) : entries));
        return Json.text(frame);
    }

    private static void sendWaiting(SseHub hub, Pacer pacer) {
        synchronized (pacer) {
            if (pacer.waiting != null) {
                send(hub, pacer, pacer.waiting);
            }
        }
    }

    private static void send(SseHub hub, Pacer pacer, String json) {
        pacer.waiting = null;
        pacer.latest = json;
        pacer.lastSentNanos = System.nanoTime();
        hub.publish(json);
    }

    /** The hub of a window, or null when the window is unknown. */
    public SseHub hub(String window) {
        return hubs.get(window);
    }

    public List<SseHub> hubs() {
        return List.copyOf(hubs.values());
    }

    @Override
    public void close() throws Exception {
        subscription.close();
    }
}

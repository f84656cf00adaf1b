package dev.sluice.server.leaderboard;

import dev.sluice.leaderboard.Snapshot;
import dev.sluice.leaderboard.Standing;
import dev.sluice.server.api.Json;
import dev.sluice.server.api.LeaderboardJson;
import dev.sluice.server.sse.SseHub;
import dev.sluice.server.sse.StreamLimit;
import java.time.Duration;
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

    public LeaderboardStream(LeaderboardService backend, ExecutorService senders, StreamLimit limit, ScheduledExecutorService timer,
                             Duration interval) {
        this.timer = timer;
        this.intervalNanos = interval.toNanos();
        for (String window : backend.windows()) {
            hubs.put(window, new SseHub("leaderboard", senders, limit));
            pacers.put(window, new Pacer());
        }
        this.subscription = backend.subscribe(this::publish);
    }

    /** The last frame sent for a window, and the newest one waiting for the end of the interval. */
    private static final class Pacer {
        long lastSentNanos = System.nanoTime() - Long.MAX_VALUE / 2;
        String waiting;
    }

    private void publish(Snapshot snapshot) {
        SseHub hub = hubs.get(snapshot.window());
        if (hub == null) {
            return;
        }
        List<Standing> top = snapshot.top().size() > TOP ? snapshot.top().subList(0, TOP) : snapshot.top();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("window", snapshot.window());
        frame.put("at", snapshot.publishedAt());
        frame.put("entries", LeaderboardJson.entries(top));
        String json = Json.text(frame);
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

    private static void sendWaiting(SseHub hub, Pacer pacer) {
        synchronized (pacer) {
            if (pacer.waiting != null) {
                send(hub, pacer, pacer.waiting);
            }
        }
    }

    private static void send(SseHub hub, Pacer pacer, String json) {
        pacer.waiting = null;
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

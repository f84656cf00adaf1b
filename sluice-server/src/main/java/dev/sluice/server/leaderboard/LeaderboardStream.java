package dev.sluice.server.leaderboard;

import dev.sluice.server.api.Json;
import dev.sluice.server.sse.SseHub;
import dev.sluice.server.sse.StreamLimit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * One subscription to the leaderboard's snapshots for the whole server, fanned out in memory to
 * every stream client of the snapshot's window: no database query per client. Each frame is
 * serialised once, {@code {"window", "at", "entries": [{rank, playerId, score}...]}} with the top
 * {@value #TOP} entries.
 */
public final class LeaderboardStream implements AutoCloseable {

    public static final int TOP = 100;

    private final Map<String, SseHub> hubs = new LinkedHashMap<>();
    private final AutoCloseable subscription;

    public LeaderboardStream(LeaderboardBackend backend, ExecutorService senders, StreamLimit limit) {
        for (String window : backend.windows()) {
            hubs.put(window, new SseHub("leaderboard", senders, limit));
        }
        this.subscription = backend.subscribe(this::publish);
    }

    private void publish(LeaderboardBackend.Snapshot snapshot) {
        SseHub hub = hubs.get(snapshot.window());
        if (hub == null) {
            return;
        }
        List<LeaderboardBackend.Entry> top = snapshot.top().size() > TOP ? snapshot.top().subList(0, TOP) : snapshot.top();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("window", snapshot.window());
        frame.put("at", snapshot.at());
        frame.put("entries", top);
        hub.publish(Json.text(frame));
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

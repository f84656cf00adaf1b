package dev.sluice.leaderboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.PayloadCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's side of the stored snapshots: reads a window's snapshot when its announcement
 * arrives (one read per change, whatever the number of listeners), keeps the newest of each window
 * for late subscribers, and calls the listeners once per snapshot.
 */
final class SnapshotFeed {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFeed.class);

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final List<Consumer<Snapshot>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, Snapshot> lastDelivered = new ConcurrentHashMap<>();
    /** The newest snapshot of each window this process has seen: what late subscribers get first. */
    private final Map<String, Snapshot> held = new ConcurrentHashMap<>();

    SnapshotFeed(DataSource dataSource, LeaderboardConfig config, Sql sql) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
    }

    /** The stored snapshot of a window (validated by the caller), if any. */
    Optional<Snapshot> read(String window) {
        return Transactions.run(dataSource, "read snapshot " + window, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.snapshotRead)) {
                ps.setString(1, window);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    List<Standing> top = PayloadCodec.mapper().readValue(rs.getString(5), new TypeReference<List<Standing>>() { });
                    return Optional.of(new Snapshot(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3),
                            rs.getTimestamp(4).toInstant(), top));
                } catch (JsonProcessingException e) {
                    throw new SQLException("Stored snapshot of " + window + " is not readable: " + e.getMessage(), e);
                }
            }
        });
    }

    AutoCloseable subscribe(Consumer<Snapshot> listener) {
        subscribers.add(listener);
        held.values().forEach(listener);
        return () -> subscribers.remove(listener);
    }

    /** An announcement on the channel: its window's snapshot, or every window's (null: reconnected, some may be lost). */
    void onNotify(String payload) {
        if (payload == null) {
            deliverAll();
            return;
        }
        String window = PayloadCodec.tree(payload).path("window").asText(null);
        if (window != null) {
            deliver(window);
        }
    }

    /** Reads and delivers every window's snapshot (a reconnect, or polling without NOTIFY). */
    void deliverAll() {
        config.windows().forEach(w -> deliver(w.name()));
    }

    private void deliver(String window) {
        try {
            read(window).ifPresent(s -> {
                held.merge(window, s, (old, fresh) -> isNewer(fresh, old) ? fresh : old);
                Snapshot last = lastDelivered.put(window, s);
                if (last == null || last.version() != s.version() || !last.publishedAt().equals(s.publishedAt())) {
                    subscribers.forEach(l -> l.accept(s));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not deliver snapshot of {}: {}", window, e.toString());
        }
    }

    /**
     * Publishing commits without waiting for its flush (snapshot_turn.sql), so a database crash can
     * lose the last versions and number the next publish as one already seen. A snapshot is told
     * apart by its version and publish time (taken under the publishing lock, so later publishes
     * have later times), and one is newer if either is ahead: the version still orders publishes if
     * the server's clock steps back, the time after a crash reused a version.
     */
    private static boolean isNewer(Snapshot fresh, Snapshot old) {
        return fresh.version() >= old.version() || fresh.publishedAt().isAfter(old.publishedAt());
    }
}

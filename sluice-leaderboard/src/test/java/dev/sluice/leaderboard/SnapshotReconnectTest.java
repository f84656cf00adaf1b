package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A server subscribed through {@link Leaderboards#start(javax.sql.DataSource, LeaderboardConfig)}
 * (its own LISTEN connection, publishing every 500 ms) keeps receiving live snapshots after that
 * connection is killed: the listener reconnects and re-reads every window.
 */
class SnapshotReconnectTest extends LeaderboardTestSupport {

    @Test
    void liveSnapshotsResumeAfterTheListenConnectionIsKilled() throws Exception {
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        try (Leaderboards server = Leaderboards.start(dataSource, config().build());
             AutoCloseable subscription = server.subscribe(received::add)) {
            server.ingest(ScoreEvent.of("e1", "ada", 10, Instant.now()));
            await().atMost(Duration.ofSeconds(15)).until(() -> leader(received).equals("ada"));

            long killed = queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE pid <> pg_backend_pid() AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')");
            assertThat(killed).as("LISTEN connections killed").isPositive();

            server.ingest(ScoreEvent.of("e2", "bob", 20, Instant.now()));
            await().atMost(Duration.ofSeconds(15)).until(() -> leader(received).equals("bob"));
        }
    }

    private static String leader(List<Snapshot> received) {
        for (int i = received.size() - 1; i >= 0; i--) {
            Snapshot s = received.get(i);
            if (s.window().equals("all") && !s.top().isEmpty()) {
                return s.top().get(0).playerId();
            }
        }
        return "";
    }
}

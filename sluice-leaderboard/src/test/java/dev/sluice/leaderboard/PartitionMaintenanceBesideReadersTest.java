package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Partition maintenance never makes ingest or the fold (which writes the archive partitions) wait,
 * even while a long query reads the events table.
 * {@code CREATE TABLE ... PARTITION OF} and {@code DROP TABLE <partition>} take an ACCESS EXCLUSIVE
 * lock on the parent: queued behind the reader, they would stop every insert behind them. Creating a
 * table and ATTACHing it, and {@code DETACH PARTITION ... CONCURRENTLY} before the DROP, take SHARE
 * UPDATE EXCLUSIVE on the parent, which inserts do not conflict with.
 */
class PartitionMaintenanceBesideReadersTest extends LeaderboardTestSupport {

    @Test
    void creatingAndDroppingPartitionsBesideALongReaderDoesNotHoldUpIngest() throws Exception {
        boards.ingest(ScoreEvent.of("old", "ada", 1, clock.instant()));
        String today = boards.partitions().partitions().stream().filter(n -> n.startsWith("score_events_p")).findFirst().orElseThrow();
        try (Connection reader = dataSource.getConnection(); Statement s = reader.createStatement()) {
            reader.setAutoCommit(false);
            s.execute("SELECT count(*) FROM " + schema + ".score_events"); // holds ACCESS SHARE on the table and its partitions

            clock.advance(Duration.ofDays(2));
            List<String> created = CompletableFuture.supplyAsync(() -> boards.partitions().ensureAhead()).get(10, TimeUnit.SECONDS);
            assertThat(created).as("two new days ahead, created beside the reader").hasSize(2);
            assertIngestIsPrompt("a");

            clock.advance(Duration.ofDays(30));
            boards.partitions().ensureAhead();
            CompletableFuture<List<String>> retention = CompletableFuture.supplyAsync(() -> boards.partitions().dropExpired());
            // The detach waits for the reader (it may still read the old day); ingest does not wait for either.
            assertIngestIsPrompt("b");
            assertThat(retention).isNotDone();
            reader.commit();
            assertThat(retention.get(30, TimeUnit.SECONDS)).contains(today);
        }
        assertThat(boards.partitions().partitions()).doesNotContain(today);
        assertThat(queryLong("SELECT count(*) FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace AND relname = '" + today + "'")).as("dropped, not only detached").isZero();
    }

    private void assertIngestIsPrompt(String prefix) {
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertThat(boards.ingest(ScoreEvent.of(prefix + i, "bob", i, clock.instant())).accepted()).isEqualTo(1);
            boards.fold();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("ingest and fold %s%d", prefix, i).isLessThan(Duration.ofSeconds(1));
        }
    }
}

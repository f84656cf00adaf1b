package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sluice.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With max alone (the default) the exact query does not wait for a transaction still open at the
 * call: it reads every transaction committed before it, also those that committed above the open
 * one (which the tail, cut at the oldest open transaction, cannot read yet), and merges them into
 * the in-memory page; the tail folds them later, once each. A page past the first applies them
 * (the tail folds them again: a max is unchanged), and a checkpoint taken then holds an aggregate
 * over an event above its position, which a restart folds again, also unchanged.
 */
class ExactReadAheadTest extends LeaderboardTestSupport {

    @Override
    protected LeaderboardConfig.Builder config() {
        return LeaderboardConfig.builder().schema(schema);
    }

    @Test
    void theExactQuerySeesCommitsAboveAnOpenTransactionAndTheTailSkipsThem() throws Exception {
        try (Connection open = bobAboveAnOpenTransaction()) {
            assertThat(boards.fold(java.time.Duration.ZERO)).as("the tail cannot pass the open transaction").isZero();
            assertThat(boards.top("all", 10)).as("the exact query reads bob's commit above it")
                    .extracting(Standing::playerId, Standing::best).containsExactly(tuple("bob", 20L), tuple("ada", 10L));
            assertThat(boards.rank("all", "bob", 0)).as("merged into the page, not folded: rank is as of the tail's last read")
                    .isEmpty();
            assertThat(boards.top("all", 10)).as("read once: a second exact query finds nothing new")
                    .extracting(Standing::playerId).containsExactly("bob", "ada");
            try (Connection second = dataSource.getConnection()) {
                second.setAutoCommit(false);
                // a second open transaction, newer than the last exact read: in progress in its snapshot
                insert(second, "p1", "pat", 25);
                boards.ingest(ScoreEvent.of("c1", "cyd", 15, clock.instant()));
                assertThat(boards.top("all", 10)).as("a commit since the last exact read")
                        .extracting(Standing::playerId).containsExactly("bob", "cyd", "ada");
                assertThat(boards.top("all", clock.instant(), 1, 10)).as("a page past the first: applied, then paged")
                        .extracting(Standing::rank, Standing::playerId).containsExactly(tuple(2L, "cyd"), tuple(3L, "ada"));
                assertThat(boards.rank("all", "bob", 0)).as("applied now").isPresent();
                assertThat(boards.checkpoint()).as("a checkpoint meanwhile, its position below the open transactions").isPositive();
                second.commit();
            }
            assertThat(boards.top("all", 10)).as("a transaction in progress at the last exact read, committed since")
                    .extracting(Standing::playerId).containsExactly("pat", "bob", "cyd", "ada");
            assertThat(boards.fold(java.time.Duration.ZERO)).as("the tail still cannot pass the first").isZero();
            open.commit();
        }
        assertThat(boards.fold()).as("the tail then reads every transaction it had not: old, bob, pat, cyd").isEqualTo(4);
        List<Standing> top = boards.top("all", 10);
        assertThat(top).extracting(Standing::playerId, Standing::best)
                .containsExactly(tuple("old", 30L), tuple("pat", 25L), tuple("bob", 20L), tuple("cyd", 15L), tuple("ada", 10L));

        try (Leaderboards restarted = Leaderboards.startManual(sluice, boards.config(), clock)) {
            assertThat(restarted.top("all", 10)).as("a restart from that checkpoint folds bob again: the same max").isEqualTo(top);
        }
    }

    @Test
    void anExactQueryDoesNotWaitForTheTailsReadInProgress() throws Exception {
        boards.ingest(ScoreEvent.of("a1", "ada", 10, clock.instant()));
        java.util.concurrent.locks.ReentrantLock tailLock = boards.tailer().lock;
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // stands for a tail read and fold in progress, which at a high ingest rate takes tens of milliseconds
        Thread tail = new Thread(() -> {
            tailLock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                tailLock.unlock();
            }
        });
        tail.start();
        held.await();
        try {
            java.util.concurrent.CompletableFuture<List<Standing>> top =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> boards.top("all", 10));
            // a generous bound: this detects waiting for the lock (forever here), not speed
            assertThat(top.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("read ahead while the tail holds its lock")
                    .extracting(Standing::playerId, Standing::best).containsExactly(tuple("ada", 10L));
        } finally {
            release.countDown();
            tail.join();
        }
        assertThat(boards.fold()).as("the tail then folds it, once").isEqualTo(1);
        assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("ada");
    }

    @Test
    void aSnapshotPublishesCommitsAboveAnOpenTransaction() throws Exception {
        try (Connection open = bobAboveAnOpenTransaction()) { // a batch still waiting for its flush, say
            assertThat(boards.fold(java.time.Duration.ZERO)).isZero();

            assertThat(boards.publishSnapshots()).as("every window changed").isEqualTo(boards.config().windows().size());
            assertThat(boards.snapshot("all").orElseThrow().top()).as("bob's commit is in the snapshot, not held behind the open one")
                    .extracting(Standing::playerId, Standing::best).containsExactly(tuple("bob", 20L), tuple("ada", 10L));
            assertThat(boards.liveTop("all", 10)).as("the tail's own view still stops below the open transaction")
                    .extracting(Standing::playerId).containsExactly("ada");
            open.commit();
        }
        assertThat(boards.publishSnapshots()).as("the open one committed: the next publish has it").isPositive();
        assertThat(boards.snapshot("all").orElseThrow().top()).extracting(Standing::playerId).containsExactly("old", "bob", "ada");
        assertThat(boards.fold()).as("the tail folds all three once it can, unchanged by the reads ahead").isEqualTo(2);
        assertThat(boards.top("all", 10)).extracting(Standing::playerId, Standing::best)
                .containsExactly(tuple("old", 30L), tuple("bob", 20L), tuple("ada", 10L));
    }

    /**
     * Ada folded; then an older transaction left open (old, 30), which holds the tail's cut below
     * every later commit; then bob's commit (20) above it. Returns the open transaction's connection.
     */
    private Connection bobAboveAnOpenTransaction() throws Exception {
        boards.ingest(ScoreEvent.of("a1", "ada", 10, clock.instant()));
        boards.fold();
        Connection open = dataSource.getConnection();
        open.setAutoCommit(false);
        insert(open, "o1", "old", 30);
        boards.ingest(ScoreEvent.of("b1", "bob", 20, clock.instant()));
        return open;
    }

    /** An inbox row in the connection's open transaction, as ingest writes it. */
    private void insert(Connection c, String eventId, String player, long score) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema
                + ".score_event_ids (event_id, player_id, score, ts) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, eventId);
            ps.setString(2, player);
            ps.setLong(3, score);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    @Test
    void theMergedPageIsThePageAfterTheFold() throws Exception {
        java.util.Random random = new java.util.Random(20261202L);
        java.time.Instant base = clock.instant();
        boards.ingest(randomBatch(random, "before", 60, base));
        boards.fold(); // the standings hold these; the merge then works on a page that has players
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            insert(open, "held", "holder", 1); // holds the tail's cut below everything that follows
            for (int batch = 0; batch < 20; batch++) {
                boards.ingest(randomBatch(random, "r" + batch, 10, base));
                if (batch % 5 == 4) {
                    boards.fold(java.time.Duration.ZERO); // the tail reads what it can (nothing past the held one)
                    assertThat(boards.top("all", 10)).hasSize(10);
                }
                if (batch == 12) {
                    boards.top("all", base, 5, 10); // a page past the first applies what was read ahead
                }
            }
            List<Standing> all = boards.top("all", 10);
            List<Standing> minute = boards.top("1m", 25);
            List<Standing> everyone = boards.top("1d", 100);
            open.rollback();
            boards.fold();
            assertThat(boards.top("all", 10)).as("all, top 10").isEqualTo(all);
            assertThat(boards.top("1m", 25)).as("1m, top 25").isEqualTo(minute);
            assertThat(boards.top("1d", 100)).as("1d, fewer players than n").isEqualTo(everyone).hasSize(40);
        }
    }

    /** Few players and scores, times within a second of {@code base}: ties on best and on time. */
    private static List<ScoreEvent> randomBatch(java.util.Random random, String prefix, int size, java.time.Instant base) {
        List<ScoreEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(ScoreEvent.of(prefix + "-" + i, "p" + random.nextInt(40), random.nextInt(30),
                    base.minusMillis(random.nextInt(1000)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }
        return events;
    }

    @Test
    void withSumsTheExactQueryStillWaitsForTheTail() throws Exception {
        try (Leaderboards sums = Leaderboards.startManual(sluice, LeaderboardConfig.builder()
                .schema(TestDatabase.freshSchemaName("t_exactsums")).aggregates(Aggregate.MAX, Aggregate.SUM).build(), clock)) {
            sums.ingest(ScoreEvent.of("a1", "ada", 10, clock.instant()));
            assertThat(sums.top("all", 10)).extracting(Standing::playerId, Standing::total)
                    .containsExactly(tuple("ada", java.math.BigDecimal.valueOf(10)));
            assertThat(sums.fold()).as("the exact query moved the tail's position").isZero();
        }
    }
}

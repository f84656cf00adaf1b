package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrencyAndRetentionTest extends LeaderboardTestSupport {

    @Test
    void concurrentRetriesOfTheSameEventsCountEachEventOnce() throws Exception {
        Instant t = clock.instant().minusSeconds(10);
        List<ScoreEvent> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(ScoreEvent.of("evt-" + i, "player-" + (i % 50), i, t.plusMillis(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IngestResult>> results = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            List<ScoreEvent> shuffled = new ArrayList<>(events);
            java.util.Collections.shuffle(shuffled, new java.util.Random(r));
            results.add(pool.submit(() -> {
                go.await();
                return boards.ingest(shuffled);
            }));
        }
        go.countDown();
        long accepted = 0;
        for (Future<IngestResult> f : results) {
            accepted += f.get(60, TimeUnit.SECONDS).accepted();
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(500);
        assertThat(boards.fold()).isEqualTo(500);
        assertThat(boards.rank("all", "player-0", 0).orElseThrow().player().events()).isEqualTo(10);
        boards.checkpoint();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events")).isEqualTo(500);
        assertThat(queryLong("SELECT sum(events) FROM " + schema + ".leaderboard_scores WHERE window_name = 'all'")).isEqualTo(500);
        assertThat(queryLong("SELECT sum(total) FROM " + schema + ".leaderboard_scores WHERE window_name = 'all'")).isEqualTo(124_750);
    }

    @Test
    void ingestKilledMidTransactionLeavesNothingAndItsRetryCountsOnce() throws Exception {
        Instant t = clock.instant().minusSeconds(10);
        boards.ingest(ScoreEvent.of("seed", "ada", 1, t));
        AtomicBoolean failed = new AtomicBoolean();
        try (Connection blocker = dataSource.getConnection()) {
            // Hold id k2 in an open transaction, so the ingest blocks inside its own, after appending k1.
            holdId(blocker, "k2", t);
            Thread ingest = new Thread(() -> {
                try {
                    boards.ingest(List.of(ScoreEvent.of("k1", "ada", 50, t), ScoreEvent.of("k2", "bob", 60, t)));
                } catch (RuntimeException e) {
                    failed.set(true);
                }
            });
            ingest.start();
            awaitBlockedIngest();
            assertThat(queryLong("SELECT pg_terminate_backend(pid)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '-- Ingest a batch%'")).isEqualTo(1);
            ingest.join(10_000);
            blocker.rollback();
        }
        assertThat(failed).isTrue();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_event_ids")).as("the killed batch left nothing").isEqualTo(1);
        IngestResult retry = boards.ingest(List.of(ScoreEvent.of("k1", "ada", 50, t), ScoreEvent.of("k2", "bob", 60, t)));
        assertThat(retry.accepted()).isEqualTo(2);
        assertThat(boards.fold()).isEqualTo(3);
        boards.checkpoint();
        assertThat(queryLong("SELECT sum(events) FROM " + schema + ".leaderboard_scores WHERE window_name = 'all'")).isEqualTo(3);
    }

    @Test
    void aTransactionThatTookItsIdFirstButCommitsLastIsReadAndTheTailNeverPassesIt() throws Exception {
        // The fold reads events after they commit, so a transaction that took its transaction id (the
        // fold's position is an xid) before a later one and commits after it must neither be skipped
        // nor folded twice. Make one ingest commit after a later one, fold in between, and check both count.
        Instant t = clock.instant().minusSeconds(10);
        boards.ingest(ScoreEvent.of("seed", "ada", 1, t));
        try (Connection blocker = dataSource.getConnection()) {
            holdId(blocker, "hold", t);
            // "early" goes in first (id order) and takes the transaction id; then the batch waits on "hold"
            Thread first = new Thread(() -> boards.ingest(List.of(ScoreEvent.of("early", "ada", 40, t), ScoreEvent.of("hold", "ada", 45, t))));
            first.start();
            awaitBlockedIngest();
            assertThat(boards.ingest(ScoreEvent.of("later", "bob", 30, t)).accepted()).isEqualTo(1);
            assertThat(boards.fold(Duration.ZERO)).as("the seed only: the fold stops below the open transactions").isEqualTo(1);
            assertThat(boards.unfolded()).as("later is committed and waits").isEqualTo(1);
            boards.checkpoint();
            assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events")).as("the checkpoint stops below it too").isEqualTo(1);
            assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("ada");
            blocker.rollback();
            first.join(10_000);
        }
        assertThat(boards.fold()).isEqualTo(3);
        assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("ada", "bob");
        assertThat(boards.rank("all", "ada", 0).orElseThrow().player().events()).isEqualTo(3);
        assertThat(boards.fold()).isZero();
        boards.checkpoint();
        assertThat(queryLong("SELECT sum(events) FROM " + schema + ".leaderboard_scores WHERE window_name = 'all'")).isEqualTo(4);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events")).isEqualTo(4);
    }

    @Test
    void anOpenCheckpointTransactionDoesNotHoldTheTailBackAnOtherOpenWriterDoes() throws Exception {
        Instant t = clock.instant().minusSeconds(10);
        try (Connection checkpoint = dataSource.getConnection(); Connection other = dataSource.getConnection()) {
            // as Checkpointer does: take an id, register it from another connection, write, stay open
            checkpoint.setAutoCommit(false);
            long xid = queryOn(checkpoint, "SELECT pg_current_xact_id()::text::bigint");
            try (Statement s = dataSource.getConnection().createStatement()) {
                s.execute("INSERT INTO " + schema + ".leaderboard_fold_writers VALUES ('" + xid + "')");
                s.getConnection().close();
            }
            queryOn(checkpoint, "WITH u AS (UPDATE " + schema + ".leaderboard_fold SET folded_at = now() RETURNING 1) SELECT count(*) FROM u");
            boards.ingest(ScoreEvent.of("a", "ada", 1, t));
            assertThat(boards.fold(Duration.ZERO)).as("a registered checkpoint is passed").isEqualTo(1);

            other.setAutoCommit(false);
            queryOn(other, "SELECT pg_current_xact_id()::text::bigint"); // any other writer with an id: it might still append
            boards.ingest(ScoreEvent.of("b", "bob", 2, t));
            assertThat(boards.fold(Duration.ZERO)).as("an unregistered open transaction is waited for").isZero();
            other.rollback();
            assertThat(boards.fold(Duration.ZERO)).isEqualTo(1);
            checkpoint.rollback();
        }
        assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("bob", "ada");
    }

    private static long queryOn(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Inserts an event id in an open transaction of {@code c} (left open: the caller rolls back). */
    private void holdId(Connection c, String id, Instant t) throws Exception {
        c.setAutoCommit(false);
        try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".score_event_ids (event_id, player_id, score, ts)"
                + " VALUES (?, 'blocker', 0, ?)")) {
            ps.setString(1, id);
            ps.setTimestamp(2, java.sql.Timestamp.from(t));
            ps.executeUpdate();
        }
    }

    private void awaitBlockedIngest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '-- Ingest a batch%'") == 1);
    }

    @Test
    void partitionsAreCreatedAheadAndRetentionDropsWholeDaysWhileIngestContinues() throws Exception {
        List<String> initial = boards.partitions().partitions();
        assertThat(initial).hasSizeGreaterThanOrEqualTo(4); // today and 3 days ahead (and the lateness span)
        String today = "score_events_p" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
                .format(java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        assertThat(initial).contains(today);
        boards.ingest(ScoreEvent.of("old", "ada", 5, clock.instant()));

        // 40 days later: new days need partitions, and the old ones are past the 30-day retention.
        clock.advance(Duration.ofDays(40));
        assertThat(boards.partitions().ensureAhead()).isNotEmpty();
        AtomicLong counter = new AtomicLong();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread ingest = new Thread(() -> {
            while (running.get()) {
                try {
                    long n = counter.incrementAndGet();
                    boards.ingest(ScoreEvent.of("new-" + n, "bob", n, clock.instant()));
                } catch (Throwable e) {
                    errors.add(e);
                }
            }
        });
        ingest.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.get() > 20);
        boards.fold();
        List<String> dropped = boards.partitions().dropExpired();
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.get() > 60);
        running.set(false);
        ingest.join();
        boards.fold();
        boards.checkpoint(); // archives the new events; "old" is past retention and not archived
        assertThat(dropped).contains(today);
        assertThat(boards.partitions().partitions()).doesNotContain(today);
        assertThat(errors).isEmpty();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events WHERE player_id = 'ada'")).isZero();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events WHERE player_id = 'bob'")).isEqualTo(counter.get() - (running.get() ? 1 : 0));
    }
}

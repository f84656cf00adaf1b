package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Retries of the same batch arriving at once in opposite orders. Claiming ids in input order would
 * deadlock (one claims A and waits for B, the other claims B and waits for A: PostgreSQL aborts one
 * with 40P01 and the caller sees a failure); claims are taken in id order, so they only queue.
 */
class OpposingRetriesTest extends LeaderboardTestSupport {

    @Test
    void retriesInOppositeOrdersNeitherDeadlockNorCountTwice() throws Exception {
        Instant t = clock.instant().minusSeconds(30);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long expected = 0;
            for (int round = 0; round < 6; round++) {
                List<ScoreEvent> forward = new ArrayList<>();
                for (int i = 0; i < 1500; i++) {
                    forward.add(ScoreEvent.of("r" + round + "-e" + i, "p" + (i % 300), i, t.plusMillis(i)));
                    expected += i;
                }
                List<ScoreEvent> backward = new ArrayList<>(forward);
                Collections.reverse(backward);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<IngestResult>> calls = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    List<ScoreEvent> batch = k % 2 == 0 ? forward : backward;
                    calls.add(pool.submit(() -> {
                        go.await();
                        return boards.ingest(batch);
                    }));
                }
                go.countDown();
                long accepted = 0;
                long duplicates = 0;
                for (Future<IngestResult> f : calls) {
                    IngestResult r = f.get(60, TimeUnit.SECONDS); // a deadlock would surface here as an exception
                    accepted += r.accepted();
                    duplicates += r.duplicates();
                }
                assertThat(accepted).as("round %d accepted", round).isEqualTo(1500);
                assertThat(duplicates).as("round %d duplicates", round).isEqualTo(3 * 1500);
            }
            assertThat(boards.fold()).isEqualTo(6 * 1500);
            boards.checkpoint();
            assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events")).isEqualTo(6 * 1500);
            assertThat(queryLong("SELECT sum(total) FROM " + schema + ".leaderboard_scores WHERE window_name = 'all'"))
                    .isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }
}

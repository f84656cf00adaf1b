package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Tail reads running all the time beside concurrent ingest of overlapping batches (every id sent by
 * two callers in opposite orders), in reads smaller than the backlog: when everything is read, each
 * event is counted exactly once in every window in memory, and once in the checkpoint and archive,
 * whatever the interleaving of commits and reads.
 */
class FoldWhileIngestingTest extends LeaderboardTestSupport {

    @Override
    protected LeaderboardConfig.Builder config() {
        return super.config().foldBatchSize(1_000);
    }

    @Test
    void everyEventIsFoldedExactlyOnceWhileIngestAndFoldsInterleave() throws Exception {
        Instant t = clock.instant().minusSeconds(30);
        Random random = new Random(20261202L);
        List<List<ScoreEvent>> batches = new ArrayList<>();
        long expectedSum = 0;
        for (int b = 0; b < 40; b++) {
            List<ScoreEvent> batch = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long score = random.nextInt(1_000_000);
                batch.add(ScoreEvent.of("b" + b + "-" + i, "p" + random.nextInt(500), score, t.plusMillis(random.nextInt(20_000))));
                expectedSum += score;
            }
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        AtomicBoolean ingesting = new AtomicBoolean(true);
        try {
            Future<Long> folding = pool.submit(() -> {
                long folded = 0;
                while (ingesting.get()) {
                    folded += boards.fold();
                }
                return folded;
            });
            List<Future<Long>> callers = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int caller = k;
                callers.add(pool.submit(() -> {
                    long accepted = 0;
                    for (int b = caller % 2; b < batches.size(); b += 2) {
                        List<ScoreEvent> batch = new ArrayList<>(batches.get(b));
                        if (caller >= 2) {
                            java.util.Collections.reverse(batch); // the same ids, the other order, at the same time
                        }
                        accepted += boards.ingest(batch).accepted();
                    }
                    return accepted;
                }));
            }
            long accepted = 0;
            for (Future<Long> f : callers) {
                accepted += f.get(120, TimeUnit.SECONDS);
            }
            ingesting.set(false);
            long folded = folding.get(60, TimeUnit.SECONDS) + boards.fold();
            assertThat(accepted).isEqualTo(40 * 400);
            assertThat(folded).isEqualTo(40 * 400);
        } finally {
            pool.shutdownNow();
        }
        assertThat(boards.unfolded()).isZero();
        for (Window w : boards.config().windows()) {
            // in memory, every window instance the events fall in
            long events = 0;
            java.math.BigDecimal total = java.math.BigDecimal.ZERO;
            for (Instant start : batches.stream().flatMap(List::stream).map(e -> Leaderboards.startOf(w, e.ts())).distinct().toList()) {
                for (Standing s : boards.top(w.name(), start, 0, 1000)) {
                    events += s.events();
                    total = total.add(s.total());
                }
            }
            assertThat(events).as("events in %s", w.name()).isEqualTo(40 * 400);
            assertThat(total.longValueExact()).as("sum in %s", w.name()).isEqualTo(expectedSum);
        }
        // past the settle span, so the deferred window (1m) is written too
        clock.advance(dev.sluice.leaderboard.memory.Board.settleSpan(boards.config()));
        boards.checkpoint();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_events")).isEqualTo(40 * 400);
        for (String w : new dev.sluice.leaderboard.memory.Board(boards.config()).checkpointedWindows()) {
            assertThat(queryLong("SELECT sum(events) FROM " + schema + ".leaderboard_scores WHERE window_name = '" + w + "'"))
                    .as("checkpointed events in %s", w).isEqualTo(40 * 400);
            assertThat(queryLong("SELECT sum(total) FROM " + schema + ".leaderboard_scores WHERE window_name = '" + w + "'"))
                    .as("checkpointed sum in %s", w).isEqualTo(expectedSum);
        }
        assertThat(queryLong("SELECT folded_total FROM " + schema + ".leaderboard_fold")).isEqualTo(40 * 400);
    }
}

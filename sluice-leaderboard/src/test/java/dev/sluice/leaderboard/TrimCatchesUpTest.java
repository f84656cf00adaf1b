package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trimming keeps up with ingest: one maintenance run removes every expired event id and every
 * expired checkpoint row, not one fixed slice of them (which at 1,200 events/s already adds more
 * rows per minute than one slice removes, so the tables would grow without bound). Ids not yet
 * checkpointed are never trimmed.
 */
class TrimCatchesUpTest extends LeaderboardTestSupport {

    /** Checkpointed (its retention is past what the inbox keeps), and expired after two hours. */
    private static final Window MINUTE = new Window("1m", Duration.ofMinutes(1), Duration.ofHours(2));

    @Override
    protected LeaderboardConfig.Builder config() {
        return super.config().windows(List.of(Window.SECOND, MINUTE, Window.ALL_TIME));
    }

    @Test
    void oneTrimRemovesMoreThanOneSliceOfExpiredIdsAndWindowRows() throws Exception {
        int events = PartitionManager.TRIM_SLICE * 2 + 5_000;
        Instant t = clock.instant().minusSeconds(10);
        for (int from = 0; from < events; from += 5_000) {
            List<ScoreEvent> batch = new ArrayList<>();
            for (int i = from; i < from + 5_000; i++) {
                batch.add(ScoreEvent.of("e" + i, "p" + i, i, t.plusMillis(i % 5_000)));
            }
            assertThat(boards.ingest(batch).accepted()).isEqualTo(5_000);
        }
        assertThat(count("score_event_ids", "true")).isEqualTo(events);
        boards.fold();
        clock.advance(Duration.ofHours(3)); // past the ids' horizon (lateness + skew + 1 h) and the 1m window's 2 h
        boards.partitions().trim();
        assertThat(count("score_event_ids", "true")).as("ids not checkpointed are never trimmed").isEqualTo(events);

        clock.advance(Duration.ofHours(-3));
        // all only: 1s is replayed from the inbox, never written; 1m is deferred until its instances settle
        assertThat(boards.checkpoint()).isEqualTo(events);
        assertThat(count("leaderboard_scores", "window_name = '1s'")).isZero();
        assertThat(count("leaderboard_scores", "window_name = '1m'")).isZero();
        clock.advance(Duration.ofHours(3));
        boards.partitions().trim();
        assertThat(count("score_event_ids", "true")).as("ids of 1m instances unsettled at the last checkpoint are kept").isEqualTo(events);

        clock.advance(Duration.ofHours(-3).plus(dev.sluice.leaderboard.memory.Board.settleSpan(boards.config())));
        assertThat(boards.checkpoint()).isEqualTo(events); // the settled 1m instances, whole
        assertThat(count("leaderboard_scores", "window_name = '1m'")).isEqualTo(events);
        clock.advance(Duration.ofHours(3));
        int removed = boards.partitions().trim();

        assertThat(count("score_event_ids", "true")).as("expired ids left").isZero();
        assertThat(count("leaderboard_scores", "window_name = '1m'")).as("expired 1m rows left").isZero();
        assertThat(count("leaderboard_scores", "window_name = 'all'")).as("all-time rows are kept").isEqualTo(events);
        assertThat(removed).isEqualTo(2 * events);
    }

    private long count(String table, String where) throws Exception {
        return queryLong("SELECT count(*) FROM " + schema + "." + table + " WHERE " + where);
    }
}

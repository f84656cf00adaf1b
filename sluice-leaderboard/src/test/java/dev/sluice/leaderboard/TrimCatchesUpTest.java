package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trimming keeps up with ingest: one maintenance run removes every expired event id and every
 * expired 1-second aggregate, not one fixed slice of them (which at 1,200 events/s already adds
 * more rows per minute than one slice removes, so the tables would grow without bound).
 */
class TrimCatchesUpTest extends LeaderboardTestSupport {

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
        boards.partitions().trim();
        assertThat(count("score_event_ids", "true")).as("unfolded ids are never trimmed").isEqualTo(events);
        boards.fold();
        assertThat(count("leaderboard_scores", "window_name = '1s'")).isEqualTo(events);

        clock.advance(Duration.ofHours(3)); // past the ids' horizon (lateness + skew + 1 h) and the 1s window's 1 h retention
        int removed = boards.partitions().trim();

        assertThat(count("score_event_ids", "true")).as("expired ids left").isZero();
        assertThat(count("leaderboard_scores", "window_name = '1s'")).as("expired 1s rows left").isZero();
        assertThat(count("leaderboard_scores", "window_name = '1m'")).as("1m rows are kept a day").isEqualTo(events);
        assertThat(removed).isEqualTo(2 * events);
    }

    private long count(String table, String where) throws Exception {
        return queryLong("SELECT count(*) FROM " + schema + "." + table + " WHERE " + where);
    }
}

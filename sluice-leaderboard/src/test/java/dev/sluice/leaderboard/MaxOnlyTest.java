package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The default aggregates, max alone: a player's checkpoint row is written only when the best improves
 * or is reached earlier; every other event leaves the row untouched (same tuple version, xmin).
 */
class MaxOnlyTest extends LeaderboardTestSupport {

    @Override
    protected LeaderboardConfig.Builder config() {
        return LeaderboardConfig.builder().schema(schema);
    }

    @Test
    void theDefaultIsMaxAloneAndSumOrCountNeedMax() {
        assertThat(LeaderboardConfig.builder().build().aggregates()).containsExactly(Aggregate.MAX);
        assertThatThrownBy(() -> LeaderboardConfig.builder().aggregates(Aggregate.SUM).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregates must include MAX");
    }

    @Test
    void onlyAnImprovementOrAnEarlierEqualScoreRewritesTheRow() throws Exception {
        Instant t = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
        boards.ingest(ScoreEvent.of("a1", "ada", 100, t));
        boards.fold();
        long version = xmin("ada");

        boards.ingest(ScoreEvent.of("a2", "ada", 50, t.plusSeconds(1)));
        boards.fold();
        boards.ingest(ScoreEvent.of("a3", "ada", 100, t.plusSeconds(2)));
        boards.fold();
        assertThat(xmin("ada")).as("lower and later-equal scores write nothing").isEqualTo(version);
        Standing ada = boards.rank("all", "ada", 0).orElseThrow().player();
        assertThat(ada.best()).isEqualTo(100);
        assertThat(ada.reachedAt()).isEqualTo(t);
        assertThat(ada.total()).isNull();
        assertThat(ada.events()).isNull();

        boards.ingest(ScoreEvent.of("a4", "ada", 100, t.minusSeconds(5))); // late event, same best, reached earlier
        boards.fold();
        assertThat(xmin("ada")).isNotEqualTo(version);
        assertThat(boards.rank("all", "ada", 0).orElseThrow().player().reachedAt()).isEqualTo(t.minusSeconds(5));

        boards.ingest(ScoreEvent.of("b1", "bob", 100, t));
        boards.fold();
        boards.ingest(ScoreEvent.of("c1", "cat", 120, t.plusSeconds(3)));
        boards.fold();
        assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("cat", "ada", "bob");
        boards.ingest(ScoreEvent.of("a5", "ada", 130, t.plusSeconds(4)));
        boards.fold();
        assertThat(boards.top("all", 10)).extracting(Standing::playerId, Standing::best)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ada", 130L), org.assertj.core.groups.Tuple.tuple("cat", 120L),
                        org.assertj.core.groups.Tuple.tuple("bob", 100L));
    }

    private long xmin(String player) throws Exception {
        boards.fold();
        boards.checkpoint();
        return queryLong("SELECT xmin::text::bigint FROM " + schema + ".leaderboard_scores WHERE window_name = 'all' AND player_id = '"
                + player + "'");
    }
}

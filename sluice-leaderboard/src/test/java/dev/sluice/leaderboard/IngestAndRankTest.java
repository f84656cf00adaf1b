package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.leaderboard.IngestResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestAndRankTest extends LeaderboardTestSupport {

    @Test
    void topNRankAndNeighboursFollowBestScoreThenFirstReachedThenPlayerId() {
        Instant t = clock.instant().minusSeconds(30);
        boards.ingest(List.of(
                ScoreEvent.of("e1", "carol", 500, t),
                ScoreEvent.of("e2", "bob", 700, t.plusSeconds(2)),
                ScoreEvent.of("e3", "ada", 700, t.plusSeconds(1)),   // same best as bob, reached first
                ScoreEvent.of("e4", "dan", 700, t.plusSeconds(1)),   // same best and time as ada: player id decides
                ScoreEvent.of("e5", "carol", 300, t.plusSeconds(3)), // lower than carol's best: best stays 500
                ScoreEvent.of("e6", "eve", 100, t)));
        assertThat(boards.rank("all", "ada", 0)).as("not read by the tail yet").isEmpty();
        assertThat(boards.unfolded()).isEqualTo(6);
        assertThat(boards.fold()).isEqualTo(6);
        assertThat(boards.unfolded()).isZero();
        List<Standing> top = boards.top("all", 10);
        assertThat(top).extracting(Standing::playerId).containsExactly("ada", "dan", "bob", "carol", "eve");
        assertThat(top).extracting(Standing::rank).containsExactly(1L, 2L, 3L, 4L, 5L);
        Standing carol = top.get(3);
        assertThat(carol.best()).isEqualTo(500);
        assertThat(carol.total()).isEqualByComparingTo("800");
        assertThat(carol.events()).isEqualTo(2);

        PlayerRank bob = boards.rank("all", "bob", 2).orElseThrow();
        assertThat(bob.player().rank()).isEqualTo(3);
        assertThat(bob.above()).extracting(Standing::playerId).containsExactly("ada", "dan");
        assertThat(bob.above()).extracting(Standing::rank).containsExactly(1L, 2L);
        assertThat(bob.below()).extracting(Standing::playerId).containsExactly("carol", "eve");
        assertThat(bob.below()).extracting(Standing::rank).containsExactly(4L, 5L);
        assertThat(boards.rank("all", "nobody", 2)).isEmpty();

        assertThat(boards.top("all", clock.instant(), 3, 10)).extracting(Standing::playerId).containsExactly("carol", "eve");
    }

    @Test
    void duplicatesChangeNothingAndAreReportedByIndex() {
        Instant t = clock.instant().minusSeconds(5);
        IngestResult first = boards.ingest(List.of(ScoreEvent.of("e1", "ada", 10, t), ScoreEvent.of("e1", "ada", 10, t)));
        assertThat(first.outcomes()).extracting(IngestResult.Outcome::status).containsExactly(Status.ACCEPTED, Status.DUPLICATE);
        boards.fold();
        IngestResult retry = boards.ingest(List.of(ScoreEvent.of("e1", "ada", 10, t), ScoreEvent.of("e1", "ada", 999, t.plusSeconds(1))));
        assertThat(retry.duplicates()).isEqualTo(2);
        assertThat(boards.fold()).as("a duplicate appends nothing to fold").isZero();
        Standing ada = boards.top("all", 1).get(0);
        assertThat(ada.best()).isEqualTo(10);
        assertThat(ada.events()).isEqualTo(1);
    }

    @Test
    void everyValidationErrorIsNamedByIndexAndTheGoodEventsAreKept() {
        Instant now = clock.instant();
        List<ScoreEvent> batch = new ArrayList<>();
        batch.add(ScoreEvent.of("ok-1", "ada", 5, now));
        batch.add(ScoreEvent.of(null, "ada", 5, now));
        batch.add(ScoreEvent.of("x2", "", 5, now));
        batch.add(ScoreEvent.of("x3", "ada", -1, now));
        batch.add(ScoreEvent.of("x4", "ada", 5, null));
        batch.add(ScoreEvent.of("x5", "ada", 5, now.plusSeconds(60)));
        batch.add(ScoreEvent.of("x6", "ada", 5, now.minus(Duration.ofHours(2))));
        batch.add(new ScoreEvent("x7", "ada", 5, now, "{\"blob\":\"" + "x".repeat(5000) + "\"}"));
        batch.add(new ScoreEvent("x8", "ada", 5, now, "{not json"));
        batch.add(null);
        batch.add(ScoreEvent.of("ok-2", "bob", 7, now));
        IngestResult result = boards.ingest(batch);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).extracting(IngestResult.Outcome::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(result.rejected()).extracting(IngestResult.Outcome::error).containsExactly(
                "eventId is required", "playerId is required", "score -1 is outside the allowed range 0..1000000000000000",
                "ts is required", "ts " + now.plusSeconds(60) + " is more than 5 s in the future",
                "ts " + now.minus(Duration.ofHours(2)) + " is older than the allowed lateness of PT1H",
                "payload is 5011 bytes; the limit is 4096", result.rejected().get(7).error(), "event is missing");
        assertThat(result.rejected().get(7).error()).startsWith("payload: The payload is not valid JSON");
        boards.fold();
        assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("bob", "ada");
        assertThatThrownBy(() -> boards.top("weekly", 10)).isInstanceOf(UnknownWindowException.class).hasMessageContaining("1s, 1m, 1h, 1d, all");
        assertThatThrownBy(() -> boards.top("all", 1001)).hasMessageContaining("n must be between 1 and 1000");
    }

    @Test
    void windowBoundariesAndLateEventsLandInTheirOwnWindow() {
        Instant minute = Leaderboards.startOf(Window.MINUTE, clock.instant()).minus(Duration.ofMinutes(2));
        boards.ingest(List.of(
                ScoreEvent.of("a", "ada", 10, minute.minusMillis(1)),       // last ms of the previous minute
                ScoreEvent.of("b", "ada", 20, minute),                      // first instant of this minute
                ScoreEvent.of("c", "ada", 30, minute.plusSeconds(59))));
        boards.fold();
        assertThat(boards.top("1m", minute.minusMillis(1), 0, 10).get(0).best()).isEqualTo(10);
        Standing inMinute = boards.top("1m", minute, 0, 10).get(0);
        assertThat(inMinute.best()).isEqualTo(30);
        assertThat(inMinute.events()).isEqualTo(2);
        // A late event (within the allowed lateness) updates its own, older window and all-time.
        clock.advance(Duration.ofMinutes(30));
        assertThat(boards.ingest(ScoreEvent.of("late", "bob", 99, minute.plusSeconds(5))).accepted()).isEqualTo(1);
        boards.fold();
        assertThat(boards.top("1m", minute, 0, 10)).extracting(Standing::playerId).containsExactly("bob", "ada");
        assertThat(boards.top("all", 10)).extracting(Standing::playerId).containsExactly("bob", "ada");
        // The current minute has nothing of it.
        assertThat(boards.top("1m", 10)).isEmpty();
    }
}

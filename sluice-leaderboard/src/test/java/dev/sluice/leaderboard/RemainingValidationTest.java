package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The validation errors {@code IngestAndRankTest} does not cover: identifier limits, NUL characters,
 * the upper score bound, oversized batches, query arguments, and every configuration setting, each
 * with a message that names the setting and the allowed range.
 */
class RemainingValidationTest extends LeaderboardTestSupport {

    @Test
    void identifierLimitsNulCharactersAndTheUpperScoreBoundAreRejectedByIndex() {
        Instant now = clock.instant();
        String tooLong = "x".repeat(EventValidator.MAX_ID_LENGTH + 1);
        List<ScoreEvent> batch = List.of(
                ScoreEvent.of(tooLong, "ada", 1, now),
                ScoreEvent.of("e1", tooLong, 1, now),
                ScoreEvent.of("e\u00002", "ada", 1, now),
                ScoreEvent.of("e3", "ada", 1_000_000_000_000_001L, now),
                new ScoreEvent("e4", "ada", 1, now, "{\"a\":\"\u0000\"}"),
                ScoreEvent.of("  ", "ada", 1, now),
                ScoreEvent.of("good", "ada", 1, now));
        IngestResult result = boards.ingest(batch);
        assertThat(result.rejected()).extracting(IngestResult.Outcome::index, IngestResult.Outcome::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "eventId is longer than 200 characters"),
                org.assertj.core.groups.Tuple.tuple(1, "playerId is longer than 200 characters"),
                org.assertj.core.groups.Tuple.tuple(2, "eventId and playerId must not contain NUL characters"),
                org.assertj.core.groups.Tuple.tuple(3, "score 1000000000000001 is outside the allowed range 0..1000000000000000"),
                org.assertj.core.groups.Tuple.tuple(4, "payload contains a NUL character"),
                org.assertj.core.groups.Tuple.tuple(5, "eventId is required"));
        assertThat(result.outcomes().get(6).status()).isEqualTo(IngestResult.Status.ACCEPTED);
    }

    @Test
    void anOversizedBatchIsRefusedWholeAndQueryArgumentsAreChecked() {
        List<ScoreEvent> batch = new ArrayList<>();
        for (int i = 0; i <= boards.config().maxBatchSize(); i++) {
            batch.add(ScoreEvent.of("e" + i, "ada", 1, clock.instant()));
        }
        assertThatThrownBy(() -> boards.ingest(batch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 10000 events (maxBatchSize)").hasMessageContaining("Split it");
        assertThat(boards.top("all", 10)).as("nothing of the refused batch").isEmpty();
        assertThatThrownBy(() -> boards.top("all", 0)).hasMessageContaining("n must be between 1 and 1000");
        assertThatThrownBy(() -> boards.top("all", clock.instant(), -1, 10)).hasMessageContaining("offset must not be negative");
        assertThatThrownBy(() -> boards.rank("all", "ada", 101)).hasMessageContaining("neighbours must be between 0 and 100");
        assertThatThrownBy(() -> boards.rank("hourly", "ada", 1)).isInstanceOf(UnknownWindowException.class);
    }

    @Test
    void everyConfigurationSettingIsValidatedWithItsName() {
        assertThatThrownBy(() -> LeaderboardConfig.builder().schema("no spaces allowed").build())
                .isInstanceOf(dev.sluice.schema.InvalidIdentifierException.class).hasMessageContaining("no spaces allowed");
        expect(b -> b.windows(List.of()), "windows must name at least one window");
        expect(b -> b.windows(List.of(Window.MINUTE, Window.MINUTE)), "window names must be unique");
        expect(b -> b.allowedLateness(Duration.ZERO), "allowedLateness must be positive");
        expect(b -> b.maxFutureSkew(Duration.ofHours(2)), "maxFutureSkew must be positive and at most PT1H");
        expect(b -> b.scoreRange(10, 5), "minScore (10) must not exceed maxScore (5)");
        expect(b -> b.maxPayloadBytes(-1), "maxPayloadBytes must be between 0 and 1048576");
        expect(b -> b.maxBatchSize(0), "maxBatchSize must be between 1 and 100000");
        expect(b -> b.retention(Duration.ofHours(12)), "retention (PT12H) must exceed allowedLateness by at least a day");
        expect(b -> b.partitionsAhead(0), "partitionsAhead must be between 1 and 60");
        expect(b -> b.snapshotInterval(Duration.ofMillis(-1)), "snapshotInterval must be positive");
        expect(b -> b.snapshotSize(1001), "snapshotSize must be between 1 and 1000");
        expect(b -> b.aggregates(Aggregate.COUNT), "aggregates must include MAX");
        assertThatThrownBy(() -> new Window("Weekly!", Duration.ofDays(7), Duration.ZERO)).hasMessageContaining("Window name must be");
        assertThatThrownBy(() -> new Window("w", Duration.ofMillis(1500), Duration.ZERO)).hasMessageContaining("size must be whole seconds");
        assertThatThrownBy(() -> new Window("w", Duration.ofDays(1), Duration.ofDays(-1))).hasMessageContaining("retention must be zero");
    }

    private static void expect(UnaryOperator<LeaderboardConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(LeaderboardConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}

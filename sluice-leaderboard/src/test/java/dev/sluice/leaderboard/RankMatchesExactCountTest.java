package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style, with a fixed seed: after random batches (wide and negative scores, many ties,
 * repeated ids, late events) and after retention, the rank from the rank counts equals the exact
 * count (a full ordering of the window instance) for every player, and every kept count equals a
 * recount from the aggregates.
 */
class RankMatchesExactCountTest extends LeaderboardTestSupport {

    private static final Window MINUTE = new Window("1m", Duration.ofMinutes(1), Duration.ofHours(2));

    @Override
    protected LeaderboardConfig.Builder config() {
        return super.config().windows(List.of(MINUTE, Window.ALL_TIME)).scoreRange(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
    }

    @Test
    void rankEqualsTheExactCountAfterRandomIngestsLateEventsAndRetention() throws Exception {
        Random random = new Random(20261201L);
        List<Instant> instances = new ArrayList<>();
        long id = 0;
        for (int round = 0; round < 6; round++) {
            Instant now = clock.instant();
            for (int batch = 0; batch < 4; batch++) {
                List<ScoreEvent> events = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    // a late event now and then (within the allowed hour), else now
                    Instant ts = random.nextInt(6) == 0 ? now.minusSeconds(60 + random.nextInt(3000)) : now.minusMillis(random.nextInt(500));
                    // a repeated id now and then: a duplicate, changes nothing
                    String eventId = random.nextInt(10) == 0 && id > 0 ? "e-" + random.nextLong(id) : "e-" + id++;
                    events.add(ScoreEvent.of(eventId, "p-" + random.nextInt(120), score(random), ts));
                    instances.add(Leaderboards.startOf(MINUTE, ts));
                }
                boards.ingest(events);
                if (batch % 2 == 1) {
                    boards.fold(); // folds of one and of several ingest transactions
                }
            }
            assertThat(assertExact("all", Instant.EPOCH)).isGreaterThan(50);
            int ranked = 0;
            for (Instant start : instances.stream().distinct().toList()) {
                ranked += assertExact("1m", start);
            }
            assertThat(ranked).isGreaterThan(100);
            clock.advance(Duration.ofSeconds(37 + random.nextInt(200)));
        }
        // Retention: past the 1m window's two hours, its instances go; new events start afresh.
        clock.advance(Duration.ofHours(3));
        boards.partitions().trim();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_event_ids")).as("folded ids past the horizon forgotten").isZero();
        Instant now = clock.instant();
        List<ScoreEvent> fresh = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fresh.add(ScoreEvent.of("late-" + i, "p-" + random.nextInt(120), score(random), now.minusMillis(random.nextInt(100))));
        }
        boards.ingest(fresh);
        boards.fold();
        for (Instant start : instances.stream().distinct().toList()) {
            assertThat(exactRanks("1m", start)).isEmpty();
            assertThat(boards.rank("1m", start, "p-1", 0)).isEmpty();
        }
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".leaderboard_rank_counts WHERE window_name = '1m' AND window_start < '"
                + now.minus(Duration.ofHours(2)) + "'")).isZero();
        assertThat(assertExact("1m", Leaderboards.startOf(MINUTE, now))).isGreaterThan(50);
        assertThat(assertExact("all", Instant.EPOCH)).isEqualTo(120);
    }

    /** Scores with many ties (a small range), small and huge magnitudes, both signs, and the extremes. */
    private static long score(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextInt(8);
            case 1 -> -random.nextInt(8);
            case 2 -> random.nextInt(5_000);
            case 3 -> (long) (random.nextDouble() * Math.pow(10, random.nextInt(16)));
            case 4 -> -(long) (random.nextDouble() * Math.pow(10, random.nextInt(16)));
            default -> random.nextBoolean() ? 1_000_000_000_000_000L : -1_000_000_000_000_000L;
        };
    }

    /** Asserts every player's rank in that window instance; returns how many players it has. */
    private int assertExact(String window, Instant start) throws Exception {
        Map<String, Long> exact = exactRanks(window, start);
        for (Map.Entry<String, Long> e : exact.entrySet()) {
            PlayerRank r = boards.rank(window, start, e.getKey(), 1).orElseThrow();
            assertThat(r.player().rank()).as("rank of %s in %s at %s", e.getKey(), window, start).isEqualTo(e.getValue());
        }
        // every kept count equals a recount from the aggregates (and nothing is counted that is not there)
        assertThat(queryLong("SELECT count(*) FROM (SELECT level, bucket, sum(players) FROM " + schema + ".leaderboard_rank_counts"
                + " WHERE window_name = '" + window + "' AND window_start = '" + start + "' GROUP BY 1, 2 HAVING sum(players) <> 0"
                + " EXCEPT ALL SELECT b.level, b.bucket, count(*) FROM " + schema + ".leaderboard_scores s CROSS JOIN LATERAL "
                + schema + ".leaderboard_rank_buckets(s.best) b WHERE s.window_name = '" + window + "' AND s.window_start = '" + start
                + "' GROUP BY 1, 2) x")).isZero();
        return exact.size();
    }

    /** Player to rank, by a full ordering of the window instance. */
    private Map<String, Long> exactRanks(String window, Instant start) throws Exception {
        Map<String, Long> ranks = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT player_id, row_number() OVER (ORDER BY best DESC, reached_at, player_id) FROM " + schema
                        + ".leaderboard_scores WHERE window_name = ? AND window_start = ?")) {
            ps.setString(1, window);
            ps.setTimestamp(2, Timestamp.from(start));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranks.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return ranks;
    }
}

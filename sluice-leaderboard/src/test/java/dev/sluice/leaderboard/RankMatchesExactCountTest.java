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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property-style, with a fixed seed: after random batches (wide and negative scores, many ties,
 * repeated ids, late events), tail reads of one and of several batches, checkpoints, restarts (a new
 * {@link Leaderboards} on the same schema rebuilding from checkpoint and inbox) and retention, every
 * player's rank, best and time reached in every window instance equal an exact ranking computed in
 * SQL from the stored events. Windows of both kinds: 10s is replayed from the inbox, 1m and all are
 * checkpointed.
 */
class RankMatchesExactCountTest extends LeaderboardTestSupport {

    private static final Window TEN_SECONDS = new Window("10s", Duration.ofSeconds(10), Duration.ofMinutes(30));
    private static final Window MINUTE = new Window("1m", Duration.ofMinutes(1), Duration.ofHours(2));

    @Override
    protected LeaderboardConfig.Builder config() {
        return super.config().windows(List.of(TEN_SECONDS, MINUTE, Window.ALL_TIME))
                .scoreRange(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
    }

    @Test
    void rankEqualsTheExactCountAfterRandomIngestsLateEventsRestartsAndRetention() throws Exception {
        assertThat(dev.sluice.leaderboard.memory.Board.replayed(boards.config(), TEN_SECONDS)).isTrue();
        assertThat(dev.sluice.leaderboard.memory.Board.replayed(boards.config(), MINUTE)).isFalse();
        Random random = new Random(20261201L);
        Set<Instant> instants = new TreeSet<>();
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
                    instants.add(ts);
                }
                boards.ingest(events);
                if (batch % 2 == 1) {
                    boards.fold(); // tail reads of one and of several ingest transactions
                }
            }
            if (round % 2 == 0) {
                assertThat(boards.checkpoint()).isPositive();
            }
            if (round == 3) {
                restart(); // from the checkpoint of round 2 plus the inbox after it
            }
            boards.fold();
            assertThat(assertExactEverywhere(instants)).isGreaterThan(300);
            clock.advance(Duration.ofSeconds(37 + random.nextInt(200)));
        }
        boards.checkpoint();
        restart();
        boards.fold();
        assertExactEverywhere(instants);
        // 1m is deferred: an instance not settled at the checkpoint's horizon (ended less than lateness
        // + skew before it) has no rows, and the restarts above rebuilt those from the inbox.
        assertThat(dev.sluice.leaderboard.memory.Board.deferred(boards.config(), MINUTE)).isTrue();
        Duration span = dev.sluice.leaderboard.memory.Board.settleSpan(boards.config());
        String unsettledRows = "SELECT count(*) FROM " + schema + ".leaderboard_scores s, " + schema + ".leaderboard_fold f"
                + " WHERE s.window_name = '1m' AND s.window_start + make_interval(secs => " + span.toSeconds() + ") > f.folded_at";
        String minuteRows = "SELECT count(*) FROM " + schema + ".leaderboard_scores WHERE window_name = '1m'";
        assertThat(queryLong(unsettledRows)).isZero();
        long settledBefore = queryLong(minuteRows);
        clock.advance(span);
        boards.checkpoint(); // every 1m instance is settled now: written whole
        assertThat(queryLong(minuteRows)).isGreaterThan(settledBefore);
        restart(); // now from the settled rows, skipping the inbox events below the checkpoint for 1m
        boards.fold();
        assertExactEverywhere(instants);

        // Retention: past the 1m window's two hours, its instances go; new events start afresh.
        clock.advance(Duration.ofHours(3));
        boards.partitions().trim();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".score_event_ids")).as("checkpointed ids past the horizon forgotten").isZero();
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".leaderboard_scores WHERE window_name = '1m'")).isZero();
        Instant now = clock.instant();
        List<ScoreEvent> fresh = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant ts = now.minusMillis(random.nextInt(100));
            fresh.add(ScoreEvent.of("late-" + i, "p-" + random.nextInt(120), score(random), ts));
            instants.add(ts);
        }
        boards.ingest(fresh);
        boards.fold();
        for (Window w : List.of(TEN_SECONDS, MINUTE)) {
            for (Instant at : instants) {
                Instant start = Leaderboards.startOf(w, at);
                if (start.isBefore(now.minus(w.retention()))) {
                    assertThat(boards.rank(w.name(), start, "p-1", 0)).isEmpty();
                    assertThat(boards.top(w.name(), start, 0, 10)).isEmpty();
                }
            }
        }
        assertThat(assertExact("1m", Leaderboards.startOf(MINUTE, now))).isGreaterThan(50);
        assertThat(assertExact("all", Instant.EPOCH)).isEqualTo(120);
        restart();
        assertThat(assertExactEverywhere(instants)).isGreaterThan(170);
    }

    private void restart() {
        boards.close();
        boards = Leaderboards.startManual(sluice, config().build(), clock);
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

    /** Every instance within retention of every window containing one of {@code instants}; returns the ranks checked. */
    private int assertExactEverywhere(Set<Instant> instants) throws Exception {
        int checked = assertExact("all", Instant.EPOCH);
        Instant now = clock.instant();
        for (Window w : List.of(TEN_SECONDS, MINUTE)) {
            for (Instant start : instants.stream().map(t -> Leaderboards.startOf(w, t)).distinct().toList()) {
                if (!start.isBefore(now.minus(w.retention()))) {
                    checked += assertExact(w.name(), start);
                } else {
                    assertThat(boards.top(w.name(), start, 0, 10)).as("%s at %s is past retention", w.name(), start).isEmpty();
                }
            }
        }
        return checked;
    }

    /** Asserts every player's rank, best and time reached in that window instance, and the whole page; returns the players. */
    private int assertExact(String window, Instant start) throws Exception {
        Map<String, Standing> exact = exact(window, start);
        for (Standing e : exact.values()) {
            PlayerRank r = boards.rank(window, start, e.playerId(), 1).orElseThrow();
            assertThat(r.player()).as("%s in %s at %s", e.playerId(), window, start).isEqualTo(e);
        }
        assertThat(boards.top(window, start, 0, 1000)).isEqualTo(List.copyOf(exact.values()));
        return exact.size();
    }

    /**
     * The exact standings of a window instance, from every stored event (the inbox, and the archive
     * for events already trimmed from it): per player the best, the first time reached, the count and
     * the sum, ranked by a full ordering.
     */
    private Map<String, Standing> exact(String window, Instant start) throws Exception {
        Window w = boards.config().window(window);
        Instant end = w.allTime() ? Instant.parse("9999-01-01T00:00:00Z") : start.plus(w.size());
        Map<String, Standing> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "WITH ev AS (SELECT DISTINCT ON (event_id) event_id, player_id, score, ts FROM ("
                        + " SELECT event_id, player_id, score, ts FROM " + schema + ".score_event_ids WHERE player_id IS NOT NULL"
                        + " UNION ALL SELECT event_id, player_id, score, ts FROM " + schema + ".score_events) a ORDER BY event_id),"
                        + " p AS (SELECT DISTINCT ON (player_id) player_id, score AS best, ts AS reached_at,"
                        + "   sum(score) OVER (PARTITION BY player_id) AS total, count(*) OVER (PARTITION BY player_id) AS events"
                        + "   FROM ev WHERE ts >= ? AND ts < ? ORDER BY player_id, score DESC, ts)"
                        + " SELECT row_number() OVER (ORDER BY best DESC, reached_at, player_id COLLATE \"C\"), player_id, best, total, events, reached_at"
                        + " FROM p ORDER BY 1")) {
            ps.setTimestamp(1, Timestamp.from(start));
            ps.setTimestamp(2, Timestamp.from(end));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(2), new Standing(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                            rs.getLong(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return out;
    }
}

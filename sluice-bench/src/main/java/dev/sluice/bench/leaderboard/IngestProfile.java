package dev.sluice.bench.leaderboard;

import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.Window;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where an ingest batch's time goes: EXPLAIN ANALYZE of the leaderboard's own ingest statement and
 * of the floor's INSERT on one batch each, in a transaction that is rolled back (nothing stays).
 * Keeps each write step's line ({@code Insert on <table> (actual time=... rows=...)}; a step's time
 * includes the CTEs it read first) and the execution time.
 */
final class IngestProfile {

    private IngestProfile() {
    }

    /**
     * The leaderboard's own ingest statement (its resource, with the parameters {@code Ingestor} binds:
     * ids, players, scores, times, payloads, keep sums, keep counts, window names, window seconds) for
     * the default windows, max only, on {@code batch}.
     */
    static List<String> sluice(DataSource ds, String schema, List<ScoreSource.Score> batch) throws Exception {
        String sql = SqlTemplate.load(Leaderboards.class, "ingest.sql").render(Map.of("schema", Identifiers.quote(schema)));
        List<Window> windows = LeaderboardConfig.builder().build().windows();
        return explain(ds, sql, batch, (c, ps) -> {
            ps.setArray(5, c.createArrayOf("text", new Object[batch.size()]));
            ps.setBoolean(6, false);
            ps.setBoolean(7, false);
            ps.setArray(8, c.createArrayOf("text", windows.stream().map(Window::name).toArray()));
            ps.setArray(9, c.createArrayOf("int4", windows.stream().map(w -> (int) w.size().toSeconds()).toArray()));
        });
    }

    /** The floor's INSERT on {@code batch}. */
    static List<String> floor(DataSource ds, List<ScoreSource.Score> batch) throws Exception {
        return explain(ds, FloorBoard.sql("floor_insert.sql"), batch, (c, ps) -> { });
    }

    private interface MoreParameters {
        void set(Connection c, PreparedStatement ps) throws Exception;
    }

    private static List<String> explain(DataSource ds, String sql, List<ScoreSource.Score> batch, MoreParameters more) throws Exception {
        List<String> lines = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + sql)) {
                ps.setArray(1, c.createArrayOf("text", batch.stream().map(s -> "profile-" + s.id()).toArray()));
                ps.setArray(2, c.createArrayOf("text", batch.stream().map(ScoreSource.Score::player).toArray()));
                ps.setArray(3, c.createArrayOf("int8", batch.stream().map(ScoreSource.Score::score).toArray()));
                ps.setArray(4, c.createArrayOf("timestamptz", batch.stream().map(s -> now).toArray()));
                more.set(c, ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String line = rs.getString(1).strip();
                        if (line.startsWith("->  Insert on") || line.startsWith("Insert on") || line.startsWith("Execution Time")) {
                            lines.add(line.replace("->  ", ""));
                        }
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return lines;
    }
}

package dev.sluice.bench.leaderboard;

import dev.sluice.leaderboard.Leaderboards;
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
     * ids, players, scores, times, payloads) on {@code batch}.
     */
    static List<String> sluice(DataSource ds, String schema, List<ScoreSource.Score> batch) throws Exception {
        return explain(ds, statement("ingest.sql", schema), batch, (c, ps) -> ps.setArray(5, c.createArrayOf("text", new Object[batch.size()])),
                null);
    }

    /**
     * The tail's read on the same batch, just appended in the same (rolled-back) transaction: the
     * range is this transaction's own id, as {@code Tailer} binds it.
     */
    static List<String> tail(DataSource ds, String schema, List<ScoreSource.Score> batch) throws Exception {
        String ingest = statement("ingest.sql", schema);
        return explain(ds, ingest, batch, (c, ps) -> ps.setArray(5, c.createArrayOf("text", new Object[batch.size()])), c -> {
            String own;
            try (PreparedStatement x = c.prepareStatement("SELECT pg_current_xact_id()::text"); ResultSet rs = x.executeQuery()) {
                rs.next();
                own = rs.getString(1);
            }
            PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + statement("tail_read.sql", schema));
            ps.setString(1, own);
            ps.setString(2, Long.toString(Long.parseLong(own) + 1));
            return ps;
        });
    }

    private static String statement(String resource, String schema) {
        return SqlTemplate.load(Leaderboards.class, resource).render(Map.of("schema", Identifiers.quote(schema)));
    }

    /** The floor's INSERT on {@code batch}. */
    static List<String> floor(DataSource ds, List<ScoreSource.Score> batch) throws Exception {
        return explain(ds, FloorBoard.sql("floor_insert.sql"), batch, (c, ps) -> { }, null);
    }

    private interface MoreParameters {
        void set(Connection c, PreparedStatement ps) throws Exception;
    }

    /** A second statement to explain instead, after the first has run (unexplained) in the same transaction. */
    private interface Then {
        PreparedStatement prepare(Connection c) throws Exception;
    }

    private static List<String> explain(DataSource ds, String sql, List<ScoreSource.Score> batch, MoreParameters more, Then then)
            throws Exception {
        List<String> lines = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(then == null ? "EXPLAIN (ANALYZE, COSTS OFF) " + sql : sql)) {
                ps.setArray(1, c.createArrayOf("text", batch.stream().map(s -> "profile-" + s.id()).toArray()));
                ps.setArray(2, c.createArrayOf("text", batch.stream().map(ScoreSource.Score::player).toArray()));
                ps.setArray(3, c.createArrayOf("int8", batch.stream().map(ScoreSource.Score::score).toArray()));
                ps.setArray(4, c.createArrayOf("timestamptz", batch.stream().map(s -> now).toArray()));
                more.set(c, ps);
                try (ResultSet first = ps.executeQuery(); PreparedStatement second = then == null ? null : then.prepare(c);
                     ResultSet rs = second == null ? first : second.executeQuery()) {
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

package dev.sluice.bench.leaderboard;

import dev.sluice.schema.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The hand-written floor: the same events, batches and connections as the leaderboard, written as a
 * bare durable multi-row INSERT into an events table with a primary key; no windows, no idempotency.
 */
final class FloorBoard implements Board {

    private final DataSource dataSource;
    private final String insert = sql("floor_insert.sql");

    FloorBoard(DataSource dataSource) throws Exception {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql("floor_create.sql").split(";\n")) {
                s.execute(statement);
            }
        }
    }

    static String sql(String resource) {
        return SqlTemplate.load(FloorBoard.class, resource).render(Map.of());
    }

    @Override
    public int ingest(List<ScoreSource.Score> batch) throws Exception {
        int n = batch.size();
        String[] ids = new String[n];
        String[] players = new String[n];
        Long[] scores = new Long[n];
        Timestamp[] times = new Timestamp[n];
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < n; i++) {
            ScoreSource.Score s = batch.get(i);
            ids[i] = s.id();
            players[i] = s.player();
            scores[i] = s.score();
            times[i] = now;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            c.setAutoCommit(true);
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", players));
            ps.setArray(3, c.createArrayOf("int8", scores));
            ps.setArray(4, c.createArrayOf("timestamptz", times));
            return ps.executeUpdate();
        }
    }

    /** Rows in the floor's table: the end-state check. */
    long rows() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM bench_floor_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops the floor's table, so it does not weigh on the phases after it. */
    @Override
    public void close() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_floor_events");
        }
    }
}

package dev.sluice.bench.leaderboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The floor of a single-event ingest: one row, one bare durable INSERT in autocommit, on the same
 * pool as Sluice's single ingest and at the same rate beside it. If its p99 is as high as Sluice's,
 * the tail is the commit's flush (or the machine), not the leaderboard.
 */
final class BareSingle implements AutoCloseable {

    private final DataSource dataSource;
    private final String insert = FloorBoard.sql("bare_single_insert.sql");
    private final AtomicLong next = new AtomicLong();

    BareSingle(DataSource dataSource) throws Exception {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : FloorBoard.sql("bare_single_create.sql").split(";\n")) {
                s.execute(statement);
            }
        }
    }

    /** Inserts and commits one row. */
    void insert(ScoreSource.Score score) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            c.setAutoCommit(true);
            ps.setString(1, "bare-" + next.incrementAndGet());
            ps.setString(2, score.player());
            ps.setLong(3, score.score());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_bare_singles");
        }
    }
}

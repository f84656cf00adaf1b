package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import dev.sluice.leaderboard.memory.Board;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes the checkpointed windows back to PostgreSQL every {@code checkpointInterval}: only the
 * players changed since the last checkpoint, one upsert for all of them, with the events since the
 * last checkpoint copied to the archive and the position moved, in one transaction (the invariant is
 * in {@code migrations/V006__standings_in_memory.sql}). Its cost is bounded by the distinct players
 * changed per interval, not by the events. One writer at a time (a transaction-scoped advisory lock);
 * a process whose position is not past the stored one writes nothing.
 */
final class Checkpointer {

    private static final String NO_PARTITION = "23514";

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final Clock clock;
    private final Board board;
    private final Tailer tailer;
    private final PartitionManager partitions;

    Checkpointer(DataSource dataSource, LeaderboardConfig config, Sql sql, Clock clock, Board board, Tailer tailer,
                 PartitionManager partitions) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
        this.clock = clock;
        this.board = board;
        this.tailer = tailer;
        this.partitions = partitions;
    }

    /** Writes a checkpoint at this process's tail position; returns the rows written (0: nothing to do or another writer's turn). */
    int checkpoint() {
        try {
            return write();
        } catch (SQLException e) {
            if (NO_PARTITION.equals(e.getSQLState())) {
                partitions.ensureAhead(); // an event day without an archive partition yet (just past midnight)
                try {
                    return write();
                } catch (SQLException again) {
                    throw new SluiceException("Checkpoint failed: " + again.getMessage(), again);
                }
            }
            throw new SluiceException("Checkpoint failed, nothing of it was written (the next one retries): " + e.getMessage(), e);
        }
    }

    private int write() throws SQLException {
        List<Board.Row> taken = new ArrayList<>(); // what this attempt took from the board: given back unless committed
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = write(c, taken);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                board.giveBack(taken);
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private int write(Connection c, List<Board.Row> taken) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, config.schema() + ".leaderboard checkpoint");
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0; // another process is writing: our changes go with our next one
                }
            }
        }
        String xid;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_current_xact_id()::text"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            xid = rs.getString(1); // takes this transaction's id now, before its first write
        }
        registered(xid, sql.checkpointRegister);
        try {
            return writeRegistered(c, taken);
        } finally {
            registered(xid, sql.checkpointUnregister); // the commit follows at once; a tail meanwhile just waits for it
        }
    }

    /** Runs a registration statement on its own connection, in autocommit (seen by the tails at once). */
    private void registered(String xid, String statement) throws SQLException {
        try (Connection other = dataSource.getConnection(); PreparedStatement ps = other.prepareStatement(statement)) {
            other.setAutoCommit(true);
            ps.setString(1, xid);
            ps.executeUpdate();
        }
    }

    private int writeRegistered(Connection c, List<Board.Row> taken) throws SQLException {
        long stored;
        Instant storedHorizon;
        try (PreparedStatement ps = c.prepareStatement(sql.checkpointPosition); ResultSet rs = ps.executeQuery()) {
            rs.next();
            stored = Long.parseLong(rs.getString(1));
            storedHorizon = rs.getTimestamp(2).toInstant();
        }
        // The horizon never moves back (another writer's clock may be ahead): an instance settled and
        // written at the stored horizon must be written on every later change.
        Instant now = clock.instant();
        Instant horizon = now.isAfter(storedHorizon) ? now : storedHorizon;
        long position;
        List<Board.Row> rows;
        tailer.lock.lock(); // the rows and the position must be of the same moment
        try {
            position = tailer.position();
            if (stored > position) {
                // Another process checkpointed past our position: the stored rows hold every change up to it
                // of the instances settled at its horizon, ours included; our next checkpoint (past it) writes
                // what changes after. The instances it did not write keep their marks. At the same position
                // we still write: instances may have settled since (the values at one position are the same
                // in every process, so writing a row again is harmless).
                board.takeChanged(storedHorizon);
                return 0;
            }
            rows = board.takeChanged(horizon);
            taken.addAll(rows);
        } finally {
            tailer.lock.unlock();
        }
        return writeRows(c, stored, position, horizon, rows);
    }

    private int writeRows(Connection c, long stored, long position, Instant horizon, List<Board.Row> rows) throws SQLException {
        int n = rows.size();
        if (n > 0) {
            Object[] windows = new Object[n];
            Object[] starts = new Object[n];
            Object[] players = new Object[n];
            Object[] bests = new Object[n];
            Object[] reached = new Object[n];
            Object[] totals = new Object[n];
            Object[] counts = new Object[n];
            boolean sums = config.aggregates().contains(Aggregate.SUM);
            boolean keepCounts = config.aggregates().contains(Aggregate.COUNT);
            for (int i = 0; i < n; i++) {
                Board.Row r = rows.get(i);
                windows[i] = r.window();
                starts[i] = Timestamp.from(r.start());
                players[i] = r.score().player();
                bests[i] = r.score().best();
                long micros = r.score().reachedMicros();
                reached[i] = Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
                BigDecimal total = r.score().total();
                totals[i] = sums ? total : null;
                counts[i] = keepCounts ? r.score().events() : null;
            }
            try (PreparedStatement ps = c.prepareStatement(sql.checkpointRows)) {
                ps.setArray(1, c.createArrayOf("text", windows));
                ps.setArray(2, c.createArrayOf("timestamptz", starts));
                ps.setArray(3, c.createArrayOf("text", players));
                ps.setArray(4, c.createArrayOf("int8", bests));
                ps.setArray(5, c.createArrayOf("timestamptz", reached));
                ps.setArray(6, c.createArrayOf("numeric", totals));
                ps.setArray(7, c.createArrayOf("int8", counts));
                ps.executeUpdate();
            }
        }
        long archived;
        try (PreparedStatement ps = c.prepareStatement(sql.checkpointArchive)) {
            ps.setString(1, Long.toString(stored));
            ps.setString(2, Long.toString(position));
            ps.setTimestamp(3, Timestamp.from(clock.instant().minus(config.retention())));
            archived = ps.executeUpdate();
        }
        Timestamp now = Timestamp.from(horizon);
        try (PreparedStatement ps = c.prepareStatement(sql.checkpointAdvance)) {
            ps.setString(1, Long.toString(position));
            ps.setLong(2, archived);
            ps.setTimestamp(3, now);
            ps.setString(4, Long.toString(position));
            ps.setTimestamp(5, now);
            ps.executeUpdate();
        }
        return n;
    }
}

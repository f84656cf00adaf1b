package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Folds appended events into every window's aggregates, the rank counts and the archive, a bounded
 * batch per transaction, one folder at a time (a transaction-scoped advisory lock). The position is
 * an xid cut at a snapshot's xmin, so an event of a transaction that commits late is folded after it
 * commits and never skipped (the invariant is in {@code migrations/V005__fold_from_inbox.sql}).
 */
final class Folder {

    private static final String NO_PARTITION = "23514";

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final PartitionManager partitions;
    private final Clock clock;
    private final Object[] windowNames;
    private final Object[] windowSeconds;

    Folder(DataSource dataSource, LeaderboardConfig config, Sql sql, PartitionManager partitions, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
        this.partitions = partitions;
        this.clock = clock;
        this.windowNames = config.windows().stream().map(Window::name).toArray();
        this.windowSeconds = config.windows().stream().map(w -> (int) w.size().toSeconds()).toArray();
    }

    /**
     * Folds until caught up with the xmin taken at the start of each batch; returns the events folded.
     * With {@code wait}, waits for a fold running elsewhere and then folds; without, returns 0 at once
     * when another folder holds the turn.
     */
    long foldAll(boolean wait) {
        long total = 0;
        while (true) {
            Batch b = foldOnce(wait);
            total += b.events();
            if (!b.more()) {
                return total;
            }
        }
    }

    private record Batch(long events, boolean more) {
    }

    private Batch foldOnce(boolean wait) {
        try {
            return attempt(wait);
        } catch (SQLException e) {
            if (NO_PARTITION.equals(e.getSQLState())) {
                // an event time without an archive partition yet (e.g. just past midnight before maintenance ran)
                partitions.ensureAhead();
                try {
                    return attempt(wait);
                } catch (SQLException again) {
                    throw new SluiceException("Fold failed: " + again.getMessage(), again);
                }
            }
            throw new SluiceException("Fold failed, nothing of it was applied (the next fold retries): " + e.getMessage(), e);
        }
    }

    private Batch attempt(boolean wait) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Batch b = fold(c, wait);
                c.commit();
                return b;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private Batch fold(Connection c, boolean wait) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(wait ? "SELECT pg_advisory_xact_lock(hashtext(?)), true"
                : "SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, config.schema() + ".leaderboard fold");
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(wait ? 2 : 1)) {
                    return new Batch(0, false);
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL work_mem = '64MB'"); // the fold's grouping and sorts of a whole batch stay in memory
        }
        // xmin first, while this transaction has no id (advisory locks take none)
        long xmin = Long.parseLong(single(c, sql.snapshotXmin));
        long position;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.foldPosition)) {
            rs.next();
            position = Long.parseLong(rs.getString(1));
        }
        if (xmin <= position) {
            return new Batch(0, false);
        }
        long cut = xmin;
        boolean more = false;
        try (PreparedStatement ps = c.prepareStatement(sql.foldCut)) {
            ps.setString(1, Long.toString(position));
            ps.setString(2, Long.toString(xmin));
            ps.setInt(3, config.foldBatchSize());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    // whole transactions only; one larger than a batch is folded whole
                    cut = Math.max(Long.parseLong(rs.getString(1)), position + 1);
                    more = true;
                }
            }
        }
        long events;
        try (PreparedStatement ps = c.prepareStatement(sql.fold)) {
            ps.setString(1, Long.toString(position));
            ps.setString(2, Long.toString(cut));
            ps.setBoolean(3, config.aggregates().contains(Aggregate.SUM));
            ps.setBoolean(4, config.aggregates().contains(Aggregate.COUNT));
            ps.setArray(5, c.createArrayOf("text", windowNames));
            ps.setArray(6, c.createArrayOf("int4", windowSeconds));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
            }
        }
        if (events == 0 && !more) {
            // nothing below xmin: move on without a write (no mark, no WAL) unless the position lags far
            return new Batch(0, false);
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement ps = c.prepareStatement(sql.foldAdvance)) {
            ps.setString(1, Long.toString(cut));
            ps.setLong(2, events);
            ps.setTimestamp(3, now);
            ps.setString(4, Long.toString(cut));
            ps.setTimestamp(5, now);
            ps.executeUpdate();
        }
        return new Batch(events, more);
    }

    /** Events ingested and not folded yet. */
    long unfolded() {
        try (Connection c = dataSource.getConnection()) {
            return Long.parseLong(single(c, sql.unfolded));
        } catch (SQLException e) {
            throw new SluiceException("Could not count unfolded events: " + e.getMessage(), e);
        }
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

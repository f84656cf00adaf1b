package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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

    /** Folds until caught up with the xmin taken at the start of each batch, if no other folder holds the turn. */
    long foldAvailable() {
        long total = 0;
        Batch b;
        do {
            b = foldOnce(false);
            total += b.events();
        } while (b.more());
        return total;
    }

    /**
     * Folds every event of the transactions that had started when this was called (waiting for a
     * fold running elsewhere, and up to {@code wait} for those transactions still open); returns the
     * events folded.
     */
    long foldStarted(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long target = Long.parseLong(query(sql.snapshotXmax));
        long total = 0;
        while (true) {
            Batch b = foldOnce(true);
            total += b.events();
            if (b.more()) {
                continue;
            }
            if (b.xmin() >= target || System.nanoTime() >= deadline) {
                return total;
            }
            try {
                Thread.sleep(5); // a transaction older than the call is still open: poll until it ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }

    /** Events folded, whether more are ready below the xmin, and the xmin the batch was cut at (0: no turn). */
    private record Batch(long events, boolean more, long xmin) {
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
                    return new Batch(0, false, 0);
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
            return new Batch(0, false, xmin);
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
            // nothing below xmin: no write (no mark, no WAL); the position stays where it is
            return new Batch(0, false, xmin);
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
        return new Batch(events, more, xmin);
    }

    /** Events ingested and not folded yet. */
    long unfolded() {
        return Long.parseLong(query(sql.unfolded));
    }

    private String query(String statement) {
        try (Connection c = dataSource.getConnection()) {
            return single(c, statement);
        } catch (SQLException e) {
            throw new SluiceException("Could not read the fold's state: " + e.getMessage(), e);
        }
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Moves a queue's scheduled messages into its ready stream once they are due (promote.sql), at
 * most every {@code interval} per process, run by the queue's {@link PromotionLoop} thread. Several
 * processes promoting at once skip each other's rows.
 *
 * <p>A burst coming due is moved in chunks of {@link #MAX_ROWS}, paced by the workers: after a full
 * chunk, the next full one follows as soon as a claim comes back short (the workers have caught up
 * with everything ready). Moving the whole burst at once would put it, in one block of fresh
 * positions, ahead of every message enqueued after it: those would wait for the whole burst. Paced,
 * the burst drains at the queue's spare capacity while new messages keep flowing, each waiting
 * behind one chunk at most.
 *
 * <p>While the workers have not caught up, the backlog still moves at every interval, by a share
 * that grows with how long its oldest row has been due ({@link #pacedRows(long, long)}): {@link #PACED_ROWS} at
 * first, a full chunk once it has waited {@link #FULL_SHARE_AFTER_MILLIS}. A fixed full chunk per
 * interval (18,000 rows a second) was more than a queue already near its capacity could take on top
 * of its producers, and every message enqueued during the burst then waited behind a growing
 * backlog; the ramp keeps the burst to the spare capacity while there is some, and still bounds
 * its wait under a steady overload. A tenth of every chunk is kept for messages that came due in
 * the last 100 ms, so that a retry or a delayed message coming due during the burst does not wait
 * for all of it.
 */
final class Promoter {

    static final long INTERVAL_NANOS = 50_000_000L;
    static final int MAX_ROWS = 1_000;
    /** Of each promotion, the rows kept for messages that came due in the last 100 ms (promote.sql). */
    static final int FRESH_ROWS = 100;
    /** The backlog's share of a promotion at the interval while the workers have not caught up, at first. */
    static final int PACED_ROWS = 100;
    /** How long the oldest due row has waited when the backlog's share at the interval is a full chunk. */
    static final long FULL_SHARE_AFTER_MILLIS = 2_000;

    private final DataSource dataSource;
    private final String sql;
    private final String dueSql;
    private final AtomicLong nextDueNanos = new AtomicLong(Long.MAX_VALUE);
    private final long intervalNanos;
    private final long fullShareAfterMillis;
    private final AtomicLong lastNanos;
    private volatile boolean moreDue;
    private volatile int lastLimit = MAX_ROWS - FRESH_ROWS;

    Promoter(DataSource dataSource, QueueTable table, QueueStatements statements) {
        this(dataSource, table, statements, INTERVAL_NANOS, FULL_SHARE_AFTER_MILLIS);
    }

    /** With another interval and ramp (tests). */
    Promoter(DataSource dataSource, QueueTable table, QueueStatements statements, long intervalNanos, long fullShareAfterMillis) {
        this.intervalNanos = intervalNanos;
        this.fullShareAfterMillis = fullShareAfterMillis;
        this.lastNanos = new AtomicLong(System.nanoTime() - intervalNanos);
        this.dataSource = dataSource;
        // READ COMMITTED whatever the pool's default (a promotion under REPEATABLE READ would fail on a
        // row deleted since its snapshot), and no wait for the WAL flush: see promote.sql for why a
        // promotion lost in a crash loses nothing.
        this.sql = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\nSET LOCAL synchronous_commit = off;\n"
                + statements.get(Promoter.class, "promote.sql", table);
        this.dueSql = statements.get(Promoter.class, "due_exists.sql", table);
    }

    /** Promotes due messages if this process has not done so within the interval; returns how many moved. */
    int promoteIfDue() throws SQLException {
        long last = lastNanos.get();
        long now = System.nanoTime();
        if (now - last < intervalNanos || !lastNanos.compareAndSet(last, now)) {
            return 0;
        }
        int moved = promote();
        moreDue = moved >= lastLimit;
        return moved;
    }

    /** Nanoseconds until {@link #promoteIfDue()} may run again (0: now). */
    long nanosUntilAllowed() {
        return Math.max(0, lastNanos.get() + intervalNanos - System.nanoTime());
    }

    /** When the earliest scheduled message seen at the last check is due, in System.nanoTime() terms (Long.MAX_VALUE: none). */
    long nextDueNanos() {
        return nextDueNanos.get();
    }

    /** The first lane's limit of the last promotion (for the debug log). */
    int lastLimit() {
        return lastLimit;
    }

    /** Whether the last promotion moved a full chunk, so more is likely due. */
    boolean moreDue() {
        return moreDue;
    }

    /** A claim came back short: if the last promotion left more due, the next worker to look moves the next chunk at once. */
    void caughtUp() {
        if (moreDue) {
            moreDue = false;
            lastNanos.set(System.nanoTime() - intervalNanos);
        }
    }

    /** Lets the next {@link #promoteIfDue()} run whenever the last one ran. */
    void checkSoon() {
        lastNanos.set(System.nanoTime() - intervalNanos);
    }

    /** Milliseconds until the earliest scheduled message seen at the last check is due (Long.MAX_VALUE: none). */
    long millisUntilNextDue() {
        long next = nextDueNanos.get();
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, (next - System.nanoTime()) / 1_000_000L);
    }

    /**
     * The backlog's share of a promotion while the workers have not caught up with the last chunk:
     * from {@link #PACED_ROWS} up to a full chunk, in proportion to how long the oldest due row has waited.
     */
    static int pacedRows(long overdueMillis, long fullShareAfterMillis) {
        int full = MAX_ROWS - FRESH_ROWS;
        long share = PACED_ROWS + (full - PACED_ROWS) * Math.min(Math.max(0, overdueMillis), fullShareAfterMillis) / fullShareAfterMillis;
        return (int) Math.min(full, share);
    }

    /** Promotes up to {@link #MAX_ROWS} due messages now, in a READ COMMITTED transaction of its own. */
    int promote() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dueSql)) {
                rs.next();
                long untilDue = rs.getLong(1);
                if (rs.wasNull()) {
                    nextDueNanos.set(Long.MAX_VALUE);
                    return 0;
                }
                nextDueNanos.set(System.nanoTime() + untilDue * 1_000_000L);
                if (untilDue > 0) {
                    return 0;
                }
                // A backlog left by the last promotion, the workers not caught up since: its paced share.
                lastLimit = moreDue ? pacedRows(-untilDue, fullShareAfterMillis) : MAX_ROWS - FRESH_ROWS;
            }
            c.setAutoCommit(false);
            try {
                int moved = 0;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, lastLimit);
                    ps.setInt(2, FRESH_ROWS);
                    boolean isResultSet = ps.execute();
                    while (true) { // the SETs' counts, then the INSERT's, which is the last
                        if (!isResultSet) {
                            int count = ps.getUpdateCount();
                            if (count == -1) {
                                break;
                            }
                            moved = count;
                        }
                        isResultSet = ps.getMoreResults();
                    }
                }
                c.commit();
                return moved;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // broken connection; the pool discards it
                }
            }
        }
    }
}

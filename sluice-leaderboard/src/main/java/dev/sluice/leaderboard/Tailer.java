package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import dev.sluice.leaderboard.memory.Board;
import dev.sluice.leaderboard.memory.PlayerScore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Feeds this process's {@link Board} from the inbox: rebuilds it on start (checkpoint rows, then
 * the inbox), then reads the events of the transactions with txid in [position, xmin) every
 * {@code foldInterval}, at most {@code foldBatchSize} events a read, whole transactions. The
 * position is an xid cut at a snapshot's xmin, so an event of a transaction that commits late is
 * read after it commits, never skipped and never twice (the invariant is in
 * {@code migrations/V006__standings_in_memory.sql}). One read at a time ({@link #lock}).
 *
 * <p>An exact read ({@link #exact}) with max alone does not wait for the transactions open at the
 * call: it reads every event its statement's snapshot sees above the position that no exact read took
 * yet, so also the transactions that committed above an older one still open, and keeps them in an
 * overlay ({@link ReadAhead}) until the tail's own read applies them: a top page is merged with it
 * instead of folding it (the fold stays the tail's), and then kept up to date with each read's new events. Only with max alone: a page that cannot
 * be merged applies the overlay ({@link #applyAhead}), which the tail then folds again, and a
 * checkpoint may then hold an aggregate over events at or above its position, which a restart folds
 * again; only a max is unchanged by an event folded twice.
 */
final class Tailer {

    private final DataSource dataSource;
    private final LeaderboardConfig config;
    private final Sql sql;
    private final Clock clock;
    private final Board board;
    /** Held while reading and applying, and by the checkpoint while it takes the changed rows. */
    final ReentrantLock lock = new ReentrantLock();
    /** Every event with txid below this is in memory; none above. */
    private volatile long position;
    /** The checkpoint position loaded on start: checkpointed windows fold only events at or above it. */
    private long checkpointed;
    /** The exact reads' overlay and kept pages (max alone). */
    private final ReadAhead ahead;
    /** Max alone: an event folded twice changes nothing, so an exact read may read ahead of the position (see above). */
    private final boolean readsAhead;
    /** The loaded checkpoint's horizon: the deferred windows' instances not settled at it fold every event (Board.apply). */
    private java.time.Instant horizon = java.time.Instant.EPOCH;

    Tailer(DataSource dataSource, LeaderboardConfig config, Sql sql, Clock clock, Board board) {
        this.dataSource = dataSource;
        this.config = config;
        this.sql = sql;
        this.clock = clock;
        this.board = board;
        this.readsAhead = config.aggregates().equals(EnumSet.of(Aggregate.MAX));
        this.ahead = new ReadAhead(dataSource, sql);
    }

    long position() {
        return position;
    }

    /** Loads the checkpoint rows with their position (one snapshot), then reads the inbox until caught up. */
    void rebuild() {
        lock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.checkpointReadPosition)) {
                    rs.next();
                    checkpointed = Long.parseLong(rs.getString(1));
                    horizon = rs.getTimestamp(2).toInstant();
                }
                try (PreparedStatement ps = c.prepareStatement(sql.checkpointLoad)) {
                    ps.setArray(1, c.createArrayOf("text", board.checkpointedWindows().toArray()));
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        java.time.Instant now = clock.instant();
                        while (rs.next()) {
                            java.time.Instant reached = rs.getTimestamp(5).toInstant();
                            Long events = rs.getObject(7, Long.class);
                            board.load(rs.getString(1), rs.getTimestamp(2).toInstant(), new PlayerScore(rs.getString(3),
                                    rs.getLong(4), reached.getEpochSecond() * 1_000_000L + reached.getNano() / 1_000,
                                    rs.getBigDecimal(6), events == null ? 0 : events), horizon, now);
                        }
                    }
                }
                c.commit();
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SluiceException("Could not load the leaderboard checkpoint: " + e.getMessage(), e);
        } finally {
            // replayed and deferred windows need the whole inbox; without them the tail starts at the checkpoint
            position = board.replaysInbox() ? 0 : checkpointed;
            lock.unlock();
        }
        tailAvailable();
    }

    /** Reads until caught up with the xmin taken at the start of each read; returns the events applied. */
    long tailAvailable() {
        long total = 0;
        Read r;
        do {
            r = readOnce(Long.MAX_VALUE);
            total += r.events();
        } while (r.more());
        return total;
    }

    /**
     * Reads every event of the transactions that had started when this was called (waiting up to
     * {@code wait} for those still open); returns the events this call applied.
     */
    long catchUp(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long target = Long.parseLong(query(sql.snapshotXmax));
        long total = 0;
        while (position < target) {
            Read r = readOnce(target);
            total += r.events();
            if (r.more() || position >= target) {
                continue;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(2); // a transaction older than the call is still open: poll until it ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return total;
    }

    /**
     * Reads every event of the transactions committed before this call. With max alone, in one
     * statement and without waiting: the events its snapshot sees above the position that no exact
     * read took before (those at or above the previous one's xmax, and those then in progress), so its
     * cost is the events committed since, not the tail's backlog; returns every event read ahead of the
     * position and not in the standings yet (the overlay), for the caller to merge. Otherwise as
     * {@link #catchUp}, waiting up to {@code wait} for the transactions that had started; returns none.
     */
    List<Board.Event> exact(Duration wait) {
        if (!readsAhead) {
            catchUp(wait);
            return List.of();
        }
        return ahead.read(this::position);
    }

    /**
     * With max alone, the exact top {@code n} of one window instance, ranked ({@link ReadAhead#top}):
     * its cost is the events committed since the previous exact read, not the tail's backlog.
     */
    List<PlayerScore> exactTop(Window w, java.time.Instant start, int n, ReadAhead.PageMerger fromStandings) {
        return ahead.top(this::position, w, start, n, fromStandings);
    }

    boolean readsAhead() {
        return readsAhead;
    }

    /** Events the last exact top merged (tests: the read's new events once a page is kept). */
    int lastMerged() {
        return ahead.lastMerged();
    }

    /**
     * Folds events an exact read returned into the standings now (max alone: the tail folds them again
     * when it reaches them, which changes nothing), for a page that cannot be merged with them.
     */
    void applyAhead(List<Board.Event> events) {
        lock.lock();
        try {
            board.apply(events, checkpointed, horizon, clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /** Events applied, and whether more are ready below the xmin. */
    private record Read(long events, boolean more) {
    }

    /** One read, unless the position has reached {@code enough} by the time this holds the lock (a concurrent caller's read served it). */
    private Read readOnce(long enough) {
        lock.lock();
        if (position >= enough) {
            lock.unlock();
            return new Read(0, false);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            // the horizon first, in its own statement: the reads below take later snapshots
            long xmin = Long.parseLong(single(c, sql.tailHorizon));
            long from = position;
            if (xmin <= from) {
                return new Read(0, false);
            }
            long cut = xmin;
            boolean more = false;
            try (PreparedStatement ps = c.prepareStatement(sql.tailCut)) {
                ps.setString(1, Long.toString(from));
                ps.setString(2, Long.toString(xmin));
                ps.setInt(3, config.foldBatchSize());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        cut = Math.max(Long.parseLong(rs.getString(1)), from + 1); // whole transactions only
                        more = true;
                    }
                }
            }
            List<Board.Event> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.tailRead)) {
                ps.setString(1, Long.toString(from));
                ps.setString(2, Long.toString(cut));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Board.Event(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
            board.apply(events, checkpointed, horizon, clock.instant());
            position = cut; // after the apply: an exact read that sees the new position finds its events in memory
            ahead.passed(cut);
            return new Read(events.size(), more);
        } catch (SQLException e) {
            throw new SluiceException("Reading the leaderboard inbox failed (the next read retries from the same position): "
                    + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Events ingested and not in this process's memory yet. */
    long unfolded() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.unfolded)) {
            ps.setString(1, Long.toString(position));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new SluiceException("Could not count unread events: " + e.getMessage(), e);
        }
    }

    private String query(String statement) {
        try (Connection c = dataSource.getConnection()) {
            return single(c, statement);
        } catch (SQLException e) {
            throw new SluiceException("Could not read the server's snapshot: " + e.getMessage(), e);
        }
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

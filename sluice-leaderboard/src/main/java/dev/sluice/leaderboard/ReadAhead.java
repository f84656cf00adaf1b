package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import dev.sluice.leaderboard.memory.Board;
import dev.sluice.leaderboard.memory.PlayerScore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The exact reads' state with max alone ({@link Tailer#exact}): what they read ahead of the tail's
 * position, and the exact top pages they keep up to date.
 *
 * <p>Each read takes, in one statement, the events its snapshot sees that no read took before: those
 * at or above the previous read's xmax and those then in progress ({@code tail_ahead.sql}). Those at
 * or above the tail's position go to the overlay until the tail applies them and prunes them
 * ({@link #passed}). Every event committed before a read is therefore, once it returns, in the
 * standings, in the overlay, or read by it.
 *
 * <p>A top page ({@link #top}) is merged once from the standings and the overlay, then kept: each later
 * read merges only the events it took into every kept page (with max alone the top n of a union is the
 * top n of the old top n and the new events), so an exact top-n costs the events committed since the
 * previous exact read, not the tail's backlog. That needs every event that reaches the standings after
 * a page was made to be taken by a later read: a read then starts at the previous xmax even when the
 * tail has passed it, and keeps every transaction in progress in its snapshot pending (an event taken
 * twice is merged twice, which a max does not notice). When a read finds the overlay empty the
 * standings hold everything, and the pages are dropped: the next one is merged from them again.
 */
final class ReadAhead {

    /** Pages kept at most (window instance and n), least recently used dropped first. */
    static final int PAGES = 16;

    private record PageKey(Window window, long start, int n) {
    }

    private final DataSource dataSource;
    private final Sql sql;
    /** Held by a read and while it merges; by the tail only while it prunes: a read never waits for the tail's fold. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Events at or above the tail's position read here and not yet applied by the tail. */
    private final List<Board.Event> overlay = new ArrayList<>();
    /** The last read's xmax: every transaction below it had ended then, except {@link #pending}. */
    private long aheadFrom;
    private final Set<Long> pending = new HashSet<>();
    private final Map<PageKey, List<PlayerScore>> pages = new LinkedHashMap<>(PAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PageKey, List<PlayerScore>> eldest) {
            return size() > PAGES;
        }
    };
    /** Events the last {@link #top} merged (the read's new events, or the overlay for a new page): for tests. */
    private int lastMerged;

    ReadAhead(DataSource dataSource, Sql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    /** Reads what is new and returns every event read ahead of {@code position} and not applied yet. */
    List<Board.Event> read(LongSupplier position) {
        lock.lock();
        try {
            readLocked(position);
            return List.copyOf(overlay);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The exact top {@code n} of one window instance, ranked: a kept page with this read's events
     * merged in, or a new page merged by {@code fromStandings} from the standings and the overlay.
     */
    List<PlayerScore> top(LongSupplier position, Window w, Instant start, int n, PageMerger fromStandings) {
        lock.lock();
        try {
            List<Board.Event> fresh = readLocked(position);
            PageKey key = new PageKey(w, start.getEpochSecond(), n);
            List<PlayerScore> page = pages.get(key);
            if (page != null) {
                lastMerged = fresh.size();
                return page;
            }
            lastMerged = overlay.size();
            page = fromStandings.merge(List.copyOf(overlay));
            pages.put(key, page);
            return page;
        } finally {
            lock.unlock();
        }
    }

    /** Merges a page from the standings and the events read ahead. */
    @FunctionalInterface
    interface PageMerger {
        List<PlayerScore> merge(List<Board.Event> overlay);
    }

    /** The tail applied every event below {@code cut} to the standings: they leave the overlay. */
    void passed(long cut) {
        lock.lock();
        try {
            overlay.removeIf(e -> e.txid() < cut);
        } finally {
            lock.unlock();
        }
    }

    int lastMerged() {
        lock.lock();
        try {
            return lastMerged;
        } finally {
            lock.unlock();
        }
    }

    /** One read (the lock held): the events it took, now in the overlay where at or above the position, and in every kept page. */
    private List<Board.Event> readLocked(LongSupplier position) {
        // Whatever position this sees, the standings hold every event below it (the tail applies before it
        // moves the position) and the overlay every event read here at or above it (pruned only once applied).
        // With pages kept, start at the last xmax even below the position: the pages need what the tail applied since.
        long at = position.getAsLong();
        long from = pages.isEmpty() ? Math.max(aheadFrom, at) : aheadFrom;
        List<Board.Event> fresh = new ArrayList<>();
        String snapshot = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(sql.tailAhead)) {
                ps.setString(1, Long.toString(from));
                ps.setArray(2, textArray(c, pending));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long txid = rs.getLong(1);
                        if (rs.wasNull()) {
                            snapshot = rs.getString(5);
                        } else {
                            fresh.add(new Board.Event(txid, rs.getString(2), rs.getLong(3), rs.getLong(4)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new SluiceException("Reading the leaderboard inbox failed: " + e.getMessage(), e);
        }
        for (Board.Event e : fresh) {
            if (e.txid() >= at) {
                overlay.add(e); // below the position: in the standings already, and the tail would never prune it
            }
        }
        // 'xmin:xmax:xip,...': still pending, those in progress now that were pending or are new since the last read
        String[] parts = snapshot.split(":", -1);
        Set<Long> stillOpen = new HashSet<>();
        for (String id : parts[2].isEmpty() ? new String[0] : parts[2].split(",")) {
            long x = Long.parseLong(id);
            if (x >= from || pending.contains(x)) {
                stillOpen.add(x);
            }
        }
        pending.clear();
        pending.addAll(stillOpen);
        aheadFrom = Long.parseLong(parts[1]);
        if (overlay.isEmpty()) {
            pages.clear(); // the standings hold every event committed before this read
        } else if (!fresh.isEmpty()) {
            pages.replaceAll((k, page) -> Standings.merge(k.window(), k.start(), k.n(), page, fresh));
        }
        return fresh;
    }

    /** Ids as the text[] the statement takes. */
    private static java.sql.Array textArray(Connection c, Set<Long> ids) throws SQLException {
        Object[] text = new Object[ids.size()];
        int i = 0;
        for (long id : ids) {
            text[i++] = Long.toString(id);
        }
        return c.createArrayOf("text", text);
    }
}

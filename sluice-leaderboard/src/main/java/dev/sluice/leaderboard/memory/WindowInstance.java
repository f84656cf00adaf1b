package dev.sluice.leaderboard.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The standings of one window instance in memory: each player's aggregate by id, and the same
 * aggregates in a {@link RankedSet} in ranking order, so rank is O(log n) and a page of n is
 * O(n + log n). One writer (the tail) at a time; readers share a read lock.
 */
public final class WindowInstance {

    /** A player's position: 0-based count of players ahead, the aggregate, and neighbours in ranking order. */
    public record Position(long ahead, PlayerScore me, List<PlayerScore> above, List<PlayerScore> below) {
    }

    private final String window;
    private final Instant start;
    private final Map<String, PlayerScore> players = new HashMap<>();
    private final RankedSet<PlayerScore> ranked;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    WindowInstance(String window, Instant start) {
        this.window = window;
        this.start = start;
        this.ranked = new RankedSet<>(PlayerScore.RANKING, start.getEpochSecond() ^ window.hashCode());
    }

    public String window() {
        return window;
    }

    public Instant start() {
        return start;
    }

    /** Folds events in; each is {player, score, ts micros}. Calls {@code changed} for each player whose aggregate changed. */
    void apply(List<Board.Fold> events, boolean sums, boolean counts, java.util.function.Consumer<String> changed) {
        lock.writeLock().lock();
        try {
            for (Board.Fold e : events) {
                PlayerScore old = players.get(e.player());
                PlayerScore fresh = old == null ? PlayerScore.first(e.player(), e.score(), e.tsMicros(), sums)
                        : old.with(e.score(), e.tsMicros(), sums);
                if (old != null && !old.movedFrom(fresh) && !sums && !counts) {
                    continue; // max alone: the event does not improve the player's standing
                }
                put(old, fresh);
                changed.accept(e.player());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces a player's aggregate (loading a checkpoint). */
    void load(PlayerScore score) {
        lock.writeLock().lock();
        try {
            put(players.get(score.player()), score);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void put(PlayerScore old, PlayerScore fresh) {
        if (old != null) {
            ranked.remove(old);
        }
        ranked.add(fresh);
        players.put(fresh.player(), fresh);
    }

    /** A player's aggregate, if it has one. */
    public Optional<PlayerScore> get(String player) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(players.get(player));
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return players.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Ranks {@code offset+1 .. offset+limit}, best first: O(limit + log n). */
    public List<PlayerScore> page(int offset, int limit) {
        lock.readLock().lock();
        try {
            return ranked.page(offset, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Where a player stands, with up to {@code k} neighbours each side, in one read: O(k + log n). */
    public Optional<Position> position(String player, int k) {
        lock.readLock().lock();
        try {
            PlayerScore me = players.get(player);
            if (me == null) {
                return Optional.empty();
            }
            int ahead = ranked.before(me);
            int from = Math.max(0, ahead - k);
            List<PlayerScore> above = ranked.page(from, ahead - from);
            List<PlayerScore> below = k == 0 ? List.of() : ranked.page(ahead + 1, k);
            return Optional.of(new Position(ahead, me, above, below));
        } finally {
            lock.readLock().unlock();
        }
    }
}

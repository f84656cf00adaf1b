package dev.sluice.leaderboard.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The standings of one window instance in memory, in primitive arrays: each player has a slot (its
 * interned id, best, reached-at, count, and the sum as 128 bits, so it cannot overflow), found by a
 * {@link SlotIndex}; the slots are ranked by a {@link RankedSet}, so rank is O(log n) and a page of n
 * is O(n + log n). None of it is an object per player, so a few million entries cost the garbage
 * collector a few arrays. A closed instance is {@link #freeze frozen}: its ranking becomes one sorted
 * array (rank in O(1)) and its arrays are trimmed; a late event thaws it. One writer (the tail) at a
 * time; readers share a read lock.
 */
public final class WindowInstance {

    /** A player's position: 0-based count of players ahead, the aggregate, and neighbours in ranking order. */
    public record Position(long ahead, PlayerScore me, List<PlayerScore> above, List<PlayerScore> below) {
    }

    private final String window;
    private final Instant start;
    private final Players names;
    private final boolean sums;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final SlotIndex index = new SlotIndex();
    /** Checkpointed instances only: the slots changed since the last {@link #takeChanged}. */
    private final BitSet changed;
    /** Moves on every write, after it (read without the lock: a reader that saw it then reads at least that state). */
    private volatile long version;
    private int n;
    private int[] player = new int[4];
    private long[] best = new long[4];
    private long[] reached = new long[4];
    private long[] events = new long[4];
    private long[] sumLow;
    private long[] sumHigh;
    /** The ranking while open; null when frozen. */
    private RankedSet ranked;
    /** When frozen: the slots in ranking order, and each slot's position in it. */
    private int[] order;
    private int[] positionOf;

    WindowInstance(String window, Instant start, Players names, boolean sums, boolean tracked) {
        this.window = window;
        this.start = start;
        this.names = names;
        this.sums = sums;
        this.changed = tracked ? new BitSet() : null;
        if (sums) {
            sumLow = new long[4];
            sumHigh = new long[4];
        }
        this.ranked = newRanking();
    }

    private RankedSet newRanking() {
        return new RankedSet(this::compare, start.getEpochSecond() ^ window.hashCode());
    }

    /** The ranking: best descending, then reached earlier, then player id ascending. Same as {@link PlayerScore#RANKING}. */
    private int compare(int a, int b) {
        if (best[a] != best[b]) {
            return best[a] > best[b] ? -1 : 1;
        }
        if (reached[a] != reached[b]) {
            return reached[a] < reached[b] ? -1 : 1;
        }
        return a == b ? 0 : names.name(player[a]).compareTo(names.name(player[b]));
    }

    public String window() {
        return window;
    }

    public Instant start() {
        return start;
    }

    /** Folds events in. With max alone ({@code counts} false and no sums), an event that does not improve a standing changes nothing. */
    void apply(List<Board.Fold> folds, boolean counts) {
        lock.writeLock().lock();
        try {
            thaw();
            for (Board.Fold f : folds) {
                int s = index.find(f.player(), player);
                if (s < 0) {
                    s = newSlot(f.player());
                    best[s] = f.score();
                    reached[s] = f.tsMicros();
                } else {
                    boolean improves = f.score() > best[s] || (f.score() == best[s] && f.tsMicros() < reached[s]);
                    if (!improves && !sums && !counts) {
                        continue;
                    }
                    if (improves) {
                        ranked.remove(s);
                        if (f.score() > best[s]) {
                            best[s] = f.score();
                        }
                        reached[s] = f.tsMicros();
                    }
                }
                events[s]++;
                if (sums) {
                    add128(s, f.score());
                }
                ranked.add(s);
                if (changed != null) {
                    changed.set(s);
                }
            }
            version++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces a player's aggregate (loading a checkpoint). */
    void load(PlayerScore score) {
        lock.writeLock().lock();
        try {
            thaw();
            int id = names.intern(score.player());
            int s = index.find(id, player);
            if (s < 0) {
                s = newSlot(id);
            } else {
                ranked.remove(s);
            }
            best[s] = score.best();
            reached[s] = score.reachedMicros();
            events[s] = score.events();
            if (sums) {
                BigInteger total = score.total() == null ? BigInteger.ZERO : score.total().toBigIntegerExact();
                sumLow[s] = total.longValue();
                sumHigh[s] = total.shiftRight(64).longValue();
            }
            ranked.add(s);
            version++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many writes this instance has taken: a reader that saw a version and then reads a page has at least that state. */
    public long version() {
        return version;
    }

    private int newSlot(int id) {
        if (n == player.length) {
            int capacity = n + (n >> 1) + 4;
            player = Arrays.copyOf(player, capacity);
            best = Arrays.copyOf(best, capacity);
            reached = Arrays.copyOf(reached, capacity);
            events = Arrays.copyOf(events, capacity);
            if (sums) {
                sumLow = Arrays.copyOf(sumLow, capacity);
                sumHigh = Arrays.copyOf(sumHigh, capacity);
            }
        }
        int s = n++;
        player[s] = id;
        index.put(id, s, player);
        return s;
    }

    /** Adds a signed 64-bit score to the slot's 128-bit sum (two's complement: the carry out of the low word goes up). */
    private void add128(int s, long score) {
        long low = sumLow[s] + score;
        long carry = Long.compareUnsigned(low, sumLow[s]) < 0 ? 1 : 0;
        sumHigh[s] += (score >> 63) + carry;
        sumLow[s] = low;
    }

    private PlayerScore score(int s) {
        BigDecimal total = null;
        if (sums) {
            total = new BigDecimal(BigInteger.valueOf(sumHigh[s]).shiftLeft(64)
                    .add(new BigInteger(Long.toUnsignedString(sumLow[s]))));
        }
        return new PlayerScore(names.name(player[s]), best[s], reached[s], total, events[s]);
    }

    /**
     * Closes the instance for writes in the common case: the ranking becomes one sorted array and the
     * arrays are trimmed to their size. An event that still arrives (a tail far behind) thaws it first.
     */
    void freeze() {
        lock.writeLock().lock();
        try {
            if (ranked == null) {
                return;
            }
            order = ranked.page(0, n);
            positionOf = new int[n];
            for (int i = 0; i < n; i++) {
                positionOf[order[i]] = i;
            }
            ranked = null;
            player = Arrays.copyOf(player, n);
            best = Arrays.copyOf(best, n);
            reached = Arrays.copyOf(reached, n);
            events = Arrays.copyOf(events, n);
            if (sums) {
                sumLow = Arrays.copyOf(sumLow, n);
                sumHigh = Arrays.copyOf(sumHigh, n);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean frozen() {
        lock.readLock().lock();
        try {
            return ranked == null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Back to the open form (caller holds the write lock). */
    private void thaw() {
        if (ranked != null) {
            return;
        }
        ranked = newRanking();
        for (int s : order) {
            ranked.add(s);
        }
        order = null;
        positionOf = null;
    }

    /** Hands the changed players' aggregates to {@code out} and forgets them (checkpointed instances). */
    void takeChanged(Consumer<PlayerScore> out) {
        lock.writeLock().lock();
        try {
            for (int s = changed.nextSetBit(0); s >= 0; s = changed.nextSetBit(s + 1)) {
                out.accept(score(s));
            }
            changed.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Marks a player as changed again (its checkpoint write failed). */
    void markChanged(String playerId) {
        lock.writeLock().lock();
        try {
            int id = names.find(playerId);
            int s = id < 0 ? -1 : index.find(id, player);
            if (s >= 0 && changed != null) {
                changed.set(s);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A player's aggregate, if it has one. */
    public Optional<PlayerScore> get(String playerId) {
        lock.readLock().lock();
        try {
            int s = slot(playerId);
            return s < 0 ? Optional.empty() : Optional.of(score(s));
        } finally {
            lock.readLock().unlock();
        }
    }

    private int slot(String playerId) {
        int id = names.find(playerId);
        return id < 0 ? -1 : index.find(id, player);
    }

    public int size() {
        lock.readLock().lock();
        try {
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Ranks {@code offset+1 .. offset+limit}, best first: O(limit + log n). */
    public List<PlayerScore> page(int offset, int limit) {
        lock.readLock().lock();
        try {
            return scores(slots(offset, limit));
        } finally {
            lock.readLock().unlock();
        }
    }

    private int[] slots(int offset, int limit) {
        if (ranked != null) {
            return ranked.page(offset, limit);
        }
        if (offset < 0 || limit <= 0 || offset >= n) {
            return new int[0];
        }
        return Arrays.copyOfRange(order, offset, (int) Math.min(n, (long) offset + limit));
    }

    private List<PlayerScore> scores(int[] slots) {
        List<PlayerScore> out = new ArrayList<>(slots.length);
        for (int s : slots) {
            out.add(score(s));
        }
        return out;
    }

    /** Where a player stands, with up to {@code k} neighbours each side, in one read: O(k + log n). */
    public Optional<Position> position(String playerId, int k) {
        lock.readLock().lock();
        try {
            int s = slot(playerId);
            if (s < 0) {
                return Optional.empty();
            }
            int ahead = ranked != null ? ranked.before(s) : positionOf[s];
            int from = Math.max(0, ahead - k);
            List<PlayerScore> above = scores(slots(from, ahead - from));
            List<PlayerScore> below = k == 0 ? List.of() : scores(slots(ahead + 1, k));
            return Optional.of(new Position(ahead, score(s), above, below));
        } finally {
            lock.readLock().unlock();
        }
    }
}

package dev.sluice.leaderboard.memory;

import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every window instance's standings in this process's memory, fed by the tail of the inbox. Two
 * kinds of window (the rule is {@link #replayed(LeaderboardConfig, Window)}): windows whose whole
 * retention the inbox still holds are rebuilt on start by replaying it, and are never written back;
 * longer ones (1m, 1h, 1d, all by default) are checkpointed: the players changed since the last
 * checkpoint are remembered here ({@link #takeChanged}) and written back coalesced, one row per
 * player and instance, however many events changed it. Short checkpointed windows (1m by default,
 * {@link #deferred}) are written only once an instance is settled (no event can reach it any more):
 * until then the inbox still holds all of its events and a restart replays them, so a player who
 * improves ten times in a minute costs one row, not one per checkpoint.
 *
 * <p>{@link #apply} is called by one thread at a time (the tail holds its lock); reads come from any
 * thread and lock one instance.
 */
public final class Board {

    /** One inbox event for the board: the xid of its transaction, the player, score and event time in microseconds. */
    public record Event(long txid, String player, long score, long tsMicros) {
    }

    /** One event as folded into one instance: the interned player, score and event time in microseconds. */
    record Fold(int player, long score, long tsMicros) {
    }

    /** A window instance by window name and start (epoch seconds). */
    public record Key(String window, long start) {
    }

    /** A changed row to checkpoint. */
    public record Row(String window, Instant start, PlayerScore score) {
    }

    private final LeaderboardConfig config;
    private final List<Window> windows;
    private final boolean[] replayed;
    private final boolean[] deferred;
    private final boolean sums;
    private final boolean counts;
    private final Map<Key, WindowInstance> instances = new ConcurrentHashMap<>();
    private final Players players = new Players();

    public Board(LeaderboardConfig config) {
        this.config = config;
        this.windows = config.windows();
        this.replayed = new boolean[windows.size()];
        this.deferred = new boolean[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            replayed[i] = replayed(config, windows.get(i));
            deferred[i] = deferred(config, windows.get(i));
        }
        this.sums = config.aggregates().contains(dev.sluice.leaderboard.Aggregate.SUM);
        this.counts = config.aggregates().contains(dev.sluice.leaderboard.Aggregate.COUNT);
    }

    /**
     * Whether a window is rebuilt from the inbox alone: an event older than the inbox keeps (the
     * allowed lateness plus an hour, see {@code PartitionManager.trim}) can only fall in an instance
     * that is already past this window's retention.
     */
    public static boolean replayed(LeaderboardConfig config, Window w) {
        return !w.allTime() && !w.retention().isZero()
                && w.size().plus(w.retention()).compareTo(config.allowedLateness().plusHours(1)) <= 0;
    }

    /**
     * Whether a checkpointed window's instances are written only once settled ({@link #settled}): the
     * inbox keeps an event for lateness + skew + 1 h after its ingest, and an instance settles at most
     * size + lateness + 2 skew after the ingest of its earliest event, so an instance not yet settled
     * at the last checkpoint still has every event in the inbox when its window's size plus the skew is
     * at most an hour (trimming also checks it per event: {@code expire_ids.sql}).
     */
    public static boolean deferred(LeaderboardConfig config, Window w) {
        return !replayed(config, w) && !w.allTime() && w.size().plus(config.maxFutureSkew()).compareTo(Duration.ofHours(1)) <= 0;
    }

    /**
     * Whether an instance of a deferred window starting at {@code start} (epoch seconds) is settled at
     * {@code horizon}: it ended more than the allowed lateness plus the clock skew before it, so ingest
     * accepts no event for it any more.
     */
    public boolean settled(Window w, long start, Instant horizon) {
        return !Instant.ofEpochSecond(start).plus(w.size()).plus(config.allowedLateness()).plus(config.maxFutureSkew()).isAfter(horizon);
    }

    /** How long after its start an instance of the longest deferred window settles (0: no deferred window). */
    public static Duration settleSpan(LeaderboardConfig config) {
        Duration span = Duration.ZERO;
        for (Window w : config.windows()) {
            if (deferred(config, w)) {
                Duration d = w.size().plus(config.allowedLateness()).plus(config.maxFutureSkew());
                span = d.compareTo(span) > 0 ? d : span;
            }
        }
        return span;
    }

    /** Whether the rebuild reads the whole inbox (a replayed or deferred window), else it may start at the checkpoint's position. */
    public boolean replaysInbox() {
        for (int i = 0; i < windows.size(); i++) {
            if (replayed[i] || deferred[i]) {
                return true;
            }
        }
        return false;
    }

    /** The names of the checkpointed windows. */
    public List<String> checkpointedWindows() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            if (!replayed[i]) {
                names.add(windows.get(i).name());
            }
        }
        return names;
    }

    /**
     * Folds inbox events into every window instance. An event with a txid below {@code checkpointed}
     * is already in the checkpoint rows loaded on start (taken at {@code horizon}), so it only goes to
     * the replayed windows and to the deferred windows' instances not settled at {@code horizon} (those
     * have no rows). Events of instances past retention at {@code now} are dropped (reads would not show them).
     */
    public void apply(List<Event> events, long checkpointed, Instant horizon, Instant now) {
        int[] ids = new int[events.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = players.intern(events.get(k).player());
        }
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Map<Long, List<Fold>> byInstance = new HashMap<>();
            for (int k = 0; k < ids.length; k++) {
                Event e = events.get(k);
                long start = startOf(w, Math.floorDiv(e.tsMicros(), 1_000_000L));
                if (expired(w, start, now) || (e.txid() < checkpointed && !replayed[i] && (!deferred[i] || settled(w, start, horizon)))) {
                    continue;
                }
                byInstance.computeIfAbsent(start, k2 -> new ArrayList<>()).add(new Fold(ids[k], e.score(), e.tsMicros()));
            }
            boolean track = !replayed[i];
            for (Map.Entry<Long, List<Fold>> g : byInstance.entrySet()) {
                instances.computeIfAbsent(new Key(w.name(), g.getKey()),
                        k -> new WindowInstance(k.window(), Instant.ofEpochSecond(k.start()), players, sums, track))
                        .apply(g.getValue(), counts);
            }
        }
    }

    /**
     * Loads a checkpoint row (on start) of the checkpoint taken at {@code horizon}. A row of a deferred
     * instance not settled at it (written before deferral existed) is skipped: the inbox replay rebuilds
     * that instance whole.
     */
    public void load(String window, Instant start, PlayerScore score, Instant horizon, Instant now) {
        Window w = config.window(window);
        int i = indexOf(window);
        if (expired(w, start.getEpochSecond(), now) || (deferred[i] && !settled(w, start.getEpochSecond(), horizon))) {
            return;
        }
        boolean track = !replayed[i];
        instances.computeIfAbsent(new Key(window, start.getEpochSecond()), k -> new WindowInstance(window, start, players, sums, track))
                .load(score);
    }

    /**
     * The current aggregates of every checkpointed player changed since the last call, and forgets
     * them (the caller hands them back with {@link #giveBack} when its write fails). Instances of
     * deferred windows not settled at {@code horizon} are left out and keep their marks: they are
     * written whole once settled. Called with the tail stopped, so the rows are the state at the
     * tail's position.
     */
    public List<Row> takeChanged(Instant horizon) {
        List<Row> rows = new ArrayList<>();
        instances.forEach((key, instance) -> {
            int i = indexOf(key.window());
            if (!replayed[i] && (!deferred[i] || settled(windows.get(i), key.start(), horizon))) {
                instance.takeChanged(s -> rows.add(new Row(key.window(), instance.start(), s)));
            }
        });
        return rows;
    }

    /** Marks rows as changed again (their checkpoint write failed). */
    public void giveBack(List<Row> rows) {
        for (Row r : rows) {
            WindowInstance instance = instances.get(new Key(r.window(), r.start().getEpochSecond()));
            if (instance != null) {
                instance.markChanged(r.score().player());
            }
        }
    }

    /** The instance of {@code window} starting at {@code start}, if it holds anyone and is within retention at {@code now}. */
    public Optional<WindowInstance> instance(String window, Instant start, Instant now) {
        Window w = config.window(window);
        if (expired(w, start.getEpochSecond(), now)) {
            return Optional.empty();
        }
        return Optional.ofNullable(instances.get(new Key(window, start.getEpochSecond())));
    }

    /**
     * Drops the instances past their window's retention at {@code now}, and freezes the closed ones
     * (ended more than the allowed lateness plus a minute ago: ingest accepts no event for them any
     * more); returns how many were dropped.
     */
    public int expire(Instant now) {
        int before = instances.size();
        instances.keySet().removeIf(k -> expired(config.window(k.window()), k.start(), now));
        Instant closedBefore = now.minus(config.allowedLateness()).minusSeconds(60);
        instances.forEach((k, instance) -> {
            Window w = config.window(k.window());
            if (!w.allTime() && Instant.ofEpochSecond(k.start()).plus(w.size()).isBefore(closedBefore)) {
                instance.freeze();
            }
        });
        return before - instances.size();
    }

    /** Interned players (every id this process has seen). */
    public int players() {
        return players.size();
    }

    private int indexOf(String window) {
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).name().equals(window)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown window " + window);
    }

    /** Window instances held. */
    public int instances() {
        return instances.size();
    }

    private static long startOf(Window w, long epochSecond) {
        if (w.allTime()) {
            return 0;
        }
        long size = w.size().toSeconds();
        return Math.floorDiv(epochSecond, size) * size;
    }

    /** Same rule as the checkpoint's retention (expire_windows.sql): an instance starting before now - retention is gone. */
    private static boolean expired(Window w, long start, Instant now) {
        return !w.allTime() && !w.retention().isZero() && Instant.ofEpochSecond(start).isBefore(now.minus(w.retention()));
    }
}

package dev.sluice.leaderboard.memory;

import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every window instance's standings in this process's memory, fed by the tail of the inbox. Two
 * kinds of window (the rule is {@link #replayed(LeaderboardConfig, Window)}): windows whose whole
 * retention the inbox still holds are rebuilt on start by replaying it, and are never written back;
 * longer ones (1m, 1h, 1d, all by default) are checkpointed: the players changed since the last
 * checkpoint are remembered here ({@link #takeChanged}) and written back coalesced, one row per
 * player and instance, however many events changed it.
 *
 * <p>{@link #apply} is called by one thread at a time (the tail holds its lock); reads come from any
 * thread and lock one instance.
 */
public final class Board {

    /** One inbox event for the board: the xid of its transaction, the player, score and event time in microseconds. */
    public record Event(long txid, String player, long score, long tsMicros) {
    }

    /** One event as folded into one instance. */
    record Fold(String player, long score, long tsMicros) {
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
    private final boolean sums;
    private final boolean counts;
    private final Map<Key, WindowInstance> instances = new ConcurrentHashMap<>();
    /** Checkpointed instances' players changed since the last {@link #takeChanged}; guarded by {@code this}. */
    private Map<Key, Set<String>> changed = new HashMap<>();

    public Board(LeaderboardConfig config) {
        this.config = config;
        this.windows = config.windows();
        this.replayed = new boolean[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            replayed[i] = replayed(config, windows.get(i));
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

    /** Whether any window is replayed (else the tail may start at the checkpoint's position). */
    public boolean anyReplayed() {
        for (boolean r : replayed) {
            if (r) {
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
     * is already in the checkpoint rows loaded on start, so it only goes to the replayed windows.
     * Events of instances past retention at {@code now} are dropped (reads would not show them).
     */
    public void apply(List<Event> events, long checkpointed, Instant now) {
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            Map<Key, List<Fold>> byInstance = new HashMap<>();
            for (Event e : events) {
                if (!replayed[i] && e.txid() < checkpointed) {
                    continue;
                }
                long start = startOf(w, Math.floorDiv(e.tsMicros(), 1_000_000L));
                if (expired(w, start, now)) {
                    continue;
                }
                byInstance.computeIfAbsent(new Key(w.name(), start), k -> new ArrayList<>())
                        .add(new Fold(e.player(), e.score(), e.tsMicros()));
            }
            boolean track = !replayed[i];
            for (Map.Entry<Key, List<Fold>> g : byInstance.entrySet()) {
                Key key = g.getKey();
                WindowInstance instance = instances.computeIfAbsent(key,
                        k -> new WindowInstance(k.window(), Instant.ofEpochSecond(k.start())));
                if (track) {
                    synchronized (this) {
                        Set<String> players = changed.computeIfAbsent(key, k -> new HashSet<>());
                        instance.apply(g.getValue(), sums, counts, players::add);
                    }
                } else {
                    instance.apply(g.getValue(), sums, counts, p -> { });
                }
            }
        }
    }

    /** Loads a checkpoint row (on start). */
    public void load(String window, Instant start, PlayerScore score, Instant now) {
        Window w = config.window(window);
        if (expired(w, start.getEpochSecond(), now)) {
            return;
        }
        instances.computeIfAbsent(new Key(window, start.getEpochSecond()), k -> new WindowInstance(window, start)).load(score);
    }

    /**
     * The current aggregates of every checkpointed player changed since the last call, and forgets
     * them (the caller hands them back with {@link #giveBack} when its write fails). Called with the
     * tail stopped, so the rows are the state at the tail's position.
     */
    public synchronized List<Row> takeChanged() {
        Map<Key, Set<String>> taken = changed;
        changed = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        taken.forEach((key, players) -> {
            WindowInstance instance = instances.get(key);
            if (instance == null) {
                return; // expired meanwhile
            }
            for (String p : players) {
                instance.get(p).ifPresent(s -> rows.add(new Row(key.window(), instance.start(), s)));
            }
        });
        return rows;
    }

    /** Marks rows as changed again (their checkpoint write failed). */
    public synchronized void giveBack(List<Row> rows) {
        for (Row r : rows) {
            changed.computeIfAbsent(new Key(r.window(), r.start().getEpochSecond()), k -> new HashSet<>()).add(r.score().player());
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

    /** Drops the instances past their window's retention at {@code now}; returns how many. */
    public int expire(Instant now) {
        int before = instances.size();
        instances.keySet().removeIf(k -> expired(config.window(k.window()), k.start(), now));
        synchronized (this) {
            changed.keySet().removeIf(k -> !instances.containsKey(k));
        }
        return before - instances.size();
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

package dev.sluice.leaderboard;

import dev.sluice.leaderboard.memory.Board;
import dev.sluice.leaderboard.memory.WindowInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The top-N ({@code snapshotSize}) of each window's current instance as of this process's last tail
 * read, published as an immutable list after each read: what {@link Leaderboards#liveTop} serves,
 * with one map read and no lock, so a served read never waits for the tail's write lock on an
 * instance, a checkpoint, or the database. Rebuilt only for an instance whose
 * {@link WindowInstance#version()} moved (or at a window's rollover), so a read of the tail that
 * changed nothing costs a map lookup per window.
 */
final class LiveTops {

    /** One window's published top: the instance start (epoch seconds), the instance version it was read at, the standings. */
    record Top(long start, long version, List<Standing> standings) {
    }

    private final LeaderboardConfig config;
    private final Board board;
    private final Standings standings;
    private final Clock clock;
    private final ConcurrentHashMap<String, Top> tops = new ConcurrentHashMap<>();

    LiveTops(LeaderboardConfig config, Board board, Standings standings, Clock clock) {
        this.config = config;
        this.board = board;
        this.standings = standings;
        this.clock = clock;
    }

    /**
     * Republishes every window whose current instance changed since its last publish. Synchronized:
     * publishes happen in the order of the reads they took, so an older read never replaces a newer one
     * (the version is read before the page, so a write between them is seen again next time).
     */
    synchronized void refresh() {
        Instant now = clock.instant();
        for (Window w : config.windows()) {
            Instant start = Leaderboards.startOf(w, now);
            Optional<WindowInstance> instance = board.instance(w.name(), start, now);
            long version = instance.map(WindowInstance::version).orElse(-1L);
            Top current = tops.get(w.name());
            if (current != null && current.start() == start.getEpochSecond() && current.version() == version) {
                continue;
            }
            List<Standing> page = instance.isEmpty() ? List.of() : List.copyOf(standings.page(w.name(), start, 0, config.snapshotSize()));
            tops.put(w.name(), new Top(start.getEpochSecond(), version, page));
        }
    }

    /** The published top of {@code window} if it is of the instance starting at {@code start}. */
    Optional<List<Standing>> get(String window, Instant start) {
        Top top = tops.get(window);
        return top != null && top.start() == start.getEpochSecond() ? Optional.of(top.standings()) : Optional.empty();
    }
}

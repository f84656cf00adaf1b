package dev.sluice.leaderboard;

import dev.sluice.leaderboard.memory.Board;
import dev.sluice.leaderboard.memory.PlayerScore;
import dev.sluice.leaderboard.memory.WindowInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads rankings from this process's in-memory standings: pages in O(n + log n), a rank in O(log n + neighbours). */
final class Standings {

    private final LeaderboardConfig config;
    private final Board board;
    private final Clock clock;

    Standings(LeaderboardConfig config, Board board, Clock clock) {
        this.config = config;
        this.board = board;
        this.clock = clock;
    }

    /** Ranks {@code offset+1 .. offset+n} of one window instance (empty when it has no one, or is past retention). */
    List<Standing> page(String window, Instant start, int offset, int n) {
        Optional<WindowInstance> instance = board.instance(window, start, clock.instant());
        if (instance.isEmpty()) {
            return List.of();
        }
        return standings(instance.get().page(offset, n), offset + 1);
    }

    /** Whether an instance of a window is past its retention (reads show nothing of it, as {@link #page} answers). */
    boolean pastRetention(Window w, Instant start) {
        return !w.allTime() && !w.retention().isZero() && start.isBefore(clock.instant().minus(w.retention()));
    }

    /**
     * The top {@code n} of one window instance with events not in the standings yet merged in (max
     * alone): the in-memory page merged with the unread events ({@link #merge}). O(unread + n log n).
     */
    List<PlayerScore> mergedTop(Window w, Instant start, int n, List<Board.Event> unread) {
        List<PlayerScore> page = board.instance(w.name(), start, clock.instant()).map(i -> i.page(0, n)).orElse(List.of());
        return merge(w, start.getEpochSecond(), n, page, unread);
    }

    /**
     * An exact top {@code n} of one instance with more events merged in (max alone: a player's
     * aggregate is the better of the two). The top n of a union is the top n of the old top n and the
     * new events: a player outside the old page who enters it does so with a new event that ranks
     * ahead of the page's last, so ahead of anything the player had, which therefore needs no lookup.
     */
    static List<PlayerScore> merge(Window w, long from, int n, List<PlayerScore> page, List<Board.Event> unread) {
        PlayerScore last = page.size() == n ? page.get(n - 1) : null;
        long size = w.size().toSeconds();
        Map<String, PlayerScore> newer = new HashMap<>();
        for (Board.Event e : unread) {
            long second = Math.floorDiv(e.tsMicros(), 1_000_000L);
            if ((w.allTime() ? 0 : Math.floorDiv(second, size) * size) != from || (last != null && !ahead(e, last))) {
                continue; // another instance, or ranks below the page whatever the player had: changes nothing in it
            }
            newer.merge(e.player(), new PlayerScore(e.player(), e.score(), e.tsMicros(), null, 0), Standings::better);
        }
        if (newer.isEmpty()) {
            return page;
        }
        Map<String, PlayerScore> merged = new HashMap<>();
        for (PlayerScore s : page) {
            merged.put(s.player(), s);
        }
        for (PlayerScore o : newer.values()) {
            merged.merge(o.player(), o, Standings::better);
        }
        List<PlayerScore> ranked = new ArrayList<>(merged.values());
        ranked.sort(PlayerScore.RANKING);
        return List.copyOf(ranked.subList(0, Math.min(n, ranked.size())));
    }

    /** Ranked aggregates as standings, ranks from {@code first}. */
    List<Standing> standings(List<PlayerScore> ranked, long first) {
        List<Standing> out = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            out.add(standing(ranked.get(i), first + i));
        }
        return out;
    }

    /** Whether an event's score would rank ahead of {@code last} (same order as {@link PlayerScore#RANKING}), without allocating. */
    private static boolean ahead(Board.Event e, PlayerScore last) {
        if (e.score() != last.best()) {
            return e.score() > last.best();
        }
        if (e.tsMicros() != last.reachedMicros()) {
            return e.tsMicros() < last.reachedMicros();
        }
        return e.player().compareTo(last.player()) < 0;
    }

    /** The better of two aggregates of one player (max alone): the higher best, or the same best reached earlier. */
    private static PlayerScore better(PlayerScore a, PlayerScore b) {
        return PlayerScore.RANKING.compare(a, b) <= 0 ? a : b;
    }

    /** A player's standing with up to {@code neighbours} each side, read under one lock of the instance. */
    Optional<PlayerRank> rank(String window, Instant start, String playerId, int neighbours) {
        Optional<WindowInstance.Position> found = board.instance(window, start, clock.instant())
                .flatMap(i -> i.position(playerId, neighbours));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WindowInstance.Position p = found.get();
        long rank = p.ahead() + 1;
        List<Standing> above = new ArrayList<>(p.above().size());
        for (int i = 0; i < p.above().size(); i++) {
            above.add(standing(p.above().get(i), rank - p.above().size() + i));
        }
        List<Standing> below = new ArrayList<>(p.below().size());
        for (int i = 0; i < p.below().size(); i++) {
            below.add(standing(p.below().get(i), rank + 1 + i));
        }
        return Optional.of(new PlayerRank(standing(p.me(), rank), above, below));
    }

    private Standing standing(PlayerScore s, long rank) {
        long micros = s.reachedMicros();
        Instant reached = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        return new Standing(rank, s.player(), s.best(), s.total(),
                config.aggregates().contains(Aggregate.COUNT) ? s.events() : null, reached);
    }
}

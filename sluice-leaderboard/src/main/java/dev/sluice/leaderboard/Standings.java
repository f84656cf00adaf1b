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
        List<PlayerScore> scores = instance.get().page(offset, n);
        List<Standing> out = new ArrayList<>(scores.size());
        for (int i = 0; i < scores.size(); i++) {
            out.add(standing(scores.get(i), offset + 1 + i));
        }
        return out;
    }

    /**
     * The top {@code n} of one window instance with events not in the standings yet merged in (max
     * alone: a player's aggregate is the better of the two): the in-memory page, and of the unread
     * events only the players who would enter it, each looked up once. O(unread + n log n).
     */
    List<Standing> top(Window w, Instant start, int n, List<Board.Event> unread) {
        Instant now = clock.instant();
        if (!w.allTime() && !w.retention().isZero() && start.isBefore(now.minus(w.retention()))) {
            return List.of(); // past retention, as page() answers
        }
        Optional<WindowInstance> instance = board.instance(w.name(), start, now);
        List<PlayerScore> page = instance.map(i -> i.page(0, n)).orElse(List.of());
        PlayerScore last = page.size() == n ? page.get(n - 1) : null;
        long from = start.getEpochSecond();
        long size = w.size().toSeconds();
        Map<String, PlayerScore> newer = new HashMap<>();
        for (Board.Event e : unread) {
            long second = Math.floorDiv(e.tsMicros(), 1_000_000L);
            if ((w.allTime() ? 0 : Math.floorDiv(second, size) * size) != from || (last != null && !ahead(e, last))) {
                continue; // another instance, or ranks below the page whatever the player had: changes nothing in it
            }
            newer.merge(e.player(), new PlayerScore(e.player(), e.score(), e.tsMicros(), null, 0), Standings::better);
        }
        Map<String, PlayerScore> merged = new HashMap<>();
        for (PlayerScore s : page) {
            merged.put(s.player(), s);
        }
        for (PlayerScore o : newer.values()) {
            PlayerScore had = merged.containsKey(o.player()) ? merged.get(o.player())
                    : instance.flatMap(i -> i.get(o.player())).orElse(null);
            merged.put(o.player(), had == null ? o : better(had, o));
        }
        List<PlayerScore> ranked = new ArrayList<>(merged.values());
        ranked.sort(PlayerScore.RANKING);
        List<Standing> out = new ArrayList<>(Math.min(n, ranked.size()));
        for (int i = 0; i < ranked.size() && i < n; i++) {
            out.add(standing(ranked.get(i), i + 1));
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

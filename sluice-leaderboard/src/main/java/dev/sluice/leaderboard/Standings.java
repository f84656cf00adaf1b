package dev.sluice.leaderboard;

import dev.sluice.leaderboard.memory.Board;
import dev.sluice.leaderboard.memory.PlayerScore;
import dev.sluice.leaderboard.memory.WindowInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

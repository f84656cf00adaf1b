package dev.sluice.examples.leaderboard;

import dev.sluice.leaderboard.IngestResult;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.leaderboard.ScoreEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The treasure-hunt game of the write-up, on the public API: players finish runs, each finish is a
 * score event with its own id (so a client retry is harmless), and the leaderboards update at once.
 */
public final class Game {

    private final Leaderboards boards;
    private final int players;
    private final Clock clock;

    public Game(Leaderboards boards, int players, Clock clock) {
        this.boards = boards;
        this.players = players;
        this.clock = clock;
    }

    /** One finished run of a random player. */
    public ScoreEvent finish() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // Scores skew low with a long tail, as real game scores do.
        long score = (long) (Math.pow(r.nextDouble(), 3) * 1_000_000);
        return new ScoreEvent(UUID.randomUUID().toString(), "player-" + r.nextInt(players), score, clock.instant(), null);
    }

    /** {@code n} finished runs, ingested as one batch. */
    public IngestResult finishes(int n) {
        List<ScoreEvent> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(finish());
        }
        return boards.ingest(batch);
    }
}

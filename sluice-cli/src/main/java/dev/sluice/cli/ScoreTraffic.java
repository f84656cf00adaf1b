package dev.sluice.cli;

import dev.sluice.examples.leaderboard.Game;
import dev.sluice.leaderboard.Leaderboards;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leaderboard reference application under simulated traffic: the game's players finish runs,
 * ingested in ten batches a second, so every window's top-100 keeps moving on the dashboard.
 */
final class ScoreTraffic implements AutoCloseable {

    private static final int TICKS_PER_SECOND = 10;

    private final Game game;
    private final int perTick;
    private final AtomicLong accepted = new AtomicLong();
    private final TrafficLoop loop;

    ScoreTraffic(Leaderboards boards, int eventsPerSecond, int players) {
        this.game = new Game(boards, players, Clock.systemUTC());
        this.perTick = Math.max(1, eventsPerSecond / TICKS_PER_SECOND);
        this.loop = new TrafficLoop("scores", 1000 / TICKS_PER_SECOND, () -> accepted.addAndGet(game.finishes(perTick).accepted()));
    }

    /** Score events the leaderboards accepted. */
    long accepted() {
        return accepted.get();
    }

    long failures() {
        return loop.failures();
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}

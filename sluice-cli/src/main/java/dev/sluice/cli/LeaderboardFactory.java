package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.Leaderboards;
import dev.sluice.server.leaderboard.LeaderboardService;

/** The leaderboard {@code serve} and {@code demo} run: one place, so both start it the same way. */
final class LeaderboardFactory {

    private LeaderboardFactory() {
    }

    /** The leaderboards, and the service's view of them; closing closes both. */
    record Opened(Leaderboards boards, LeaderboardService backend) implements AutoCloseable {
        LeaderboardService service() {
            return backend;
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    /** Starts the leaderboards in Sluice's schema (migrating it), with the default windows. */
    static Opened open(Sluice sluice) {
        Leaderboards boards = Leaderboards.start(sluice, LeaderboardConfig.builder().schema(sluice.config().schema()).build());
        return new Opened(boards, new LeaderboardService(boards));
    }
}

package dev.sluice.cli;

import dev.sluice.examples.leaderboard.LeaderboardDemo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sluice demo leaderboard}: the score-events write-up under load, against its literal design. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        header = "The leaderboard write-up: score events and a live top-100 under load, against its literal design.",
        description = {"Ingest rate and latency, top-100 read p50/p99/p99.9, freshness, storage projection and retention, and the write-up's literal design (insert + REFRESH MATERIALIZED VIEW CONCURRENTLY).",
            "Options: [--jdbc-url URL] [--rate 20000] [--players 100000] [--duration 60s] [--literal-duration 20s] [--batch 500]",
            "         [--threads 4] [--retention-rows 1000000]"})
final class DemoLeaderboardCommand implements Callable<Integer> {
    @Unmatched
    List<String> args;

    @Override
    public Integer call() throws Exception {
        LeaderboardDemo.run(LeaderboardDemo.Options.parse(args == null ? new String[0] : args.toArray(String[]::new)), System.out);
        return 0;
    }
}

package dev.sluice.bench.leaderboard;

import dev.sluice.leaderboard.LeaderboardConfig;
import dev.sluice.leaderboard.memory.Board;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tail's fold alone, on one thread, no database: {@link Board#apply} of the default windows (1s,
 * 1m, 1h, 1d, all; max alone) fed batches the size of one tail read at a simulated ingest rate, so
 * instances roll over as they would. Prints events folded per second, median of the rounds. What it
 * measures is the in-memory structures (the slot index and the ranked set), which a profile of the
 * leaderboard benchmark found to be most of the tail's CPU.
 *
 * <p>{@code java -cp sluice.jar dev.sluice.bench.leaderboard.FoldProbe [players 100000] [rate 40000] [rounds 7]}
 */
public final class FoldProbe {

    private FoldProbe() {
    }

    public static void main(String[] args) {
        int players = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        double[] perSecond = run(players, rate, rounds, 30);
        System.out.printf("{\"players\":%d,\"rate\":%d,\"rounds\":%d,\"fold_median_per_s\":%.0f,\"fold_min_per_s\":%.0f,\"fold_max_per_s\":%.0f}%n",
                players, rate, rounds, perSecond[rounds / 2], perSecond[0], perSecond[rounds - 1]);
    }

    /** Folds {@code seconds} simulated seconds a round, after one round of warm-up; returns each round's events/s, sorted. */
    static double[] run(int players, int rate, int rounds, int seconds) {
        if (players < 1 || rate < 1 || rounds < 1 || seconds < 1) {
            throw new IllegalArgumentException("players, rate, rounds and seconds must be positive");
        }
        int batch = Math.max(1, rate / 10); // one tail read every 100 ms
        long perRound = (long) rate * seconds;
        Board board = new Board(LeaderboardConfig.builder().build());
        SplittableRandom random = new SplittableRandom(20261204L);
        String[] names = new String[players];
        for (int i = 0; i < players; i++) {
            names[i] = "player-" + i;
        }
        long micros = Instant.parse("2026-12-04T00:00:00Z").getEpochSecond() * 1_000_000L;
        long stepMicros = Math.max(1, 1_000_000L / rate);
        long txid = 1;
        double[] perSecond = new double[rounds];
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            long folded = 0;
            long nanos = 0;
            while (folded < perRound) {
                List<Board.Event> events = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    micros += stepMicros;
                    events.add(new Board.Event(txid, names[random.nextInt(players)], random.nextInt(1_000_000), micros));
                }
                txid++;
                Instant now = Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
                long t0 = System.nanoTime();
                board.apply(events, 0, Instant.EPOCH, now);
                nanos += System.nanoTime() - t0;
                folded += batch;
                if (txid % 10 == 0) {
                    board.expire(now); // the tail's maintenance: instances past retention go
                }
            }
            if (round >= 0) {
                perSecond[round] = folded / (nanos / 1e9);
                System.err.printf("round %d: %,.0f events/s folded%n", round + 1, perSecond[round]);
            }
        }
        Arrays.sort(perSecond);
        return perSecond;
    }
}

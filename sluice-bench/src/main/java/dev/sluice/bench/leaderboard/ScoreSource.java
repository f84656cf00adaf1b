package dev.sluice.bench.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events every system under test gets: the game's traffic (a random player of {@code players},
 * scores skewed low with a long tail, each event its own id). The closed-loop phase hands every
 * system the very same list; open-loop phases draw fresh events. Event time is the send time.
 */
final class ScoreSource {

    /** One score event before it is sent. */
    record Score(String id, String player, long score) {
    }

    private final int players;
    private final String prefix;
    private final AtomicLong next = new AtomicLong();
    private final ThreadLocal<SplittableRandom> random;

    ScoreSource(int players, String prefix, long seed) {
        this.players = players;
        this.prefix = prefix;
        SplittableRandom root = new SplittableRandom(seed);
        this.random = ThreadLocal.withInitial(() -> {
            synchronized (root) {
                return root.split();
            }
        });
    }

    int players() {
        return players;
    }

    Score next() {
        SplittableRandom r = random.get();
        long score = (long) (Math.pow(r.nextDouble(), 3) * 1_000_000);
        return new Score(prefix + next.getAndIncrement(), "player-" + r.nextInt(players), score);
    }

    List<Score> batch(int n) {
        List<Score> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** {@code events} events in batches of {@code batchSize}, generated once (the same list for every system). */
    static List<List<Score>> fixed(int events, int batchSize, int players, long seed) {
        ScoreSource source = new ScoreSource(players, "e-", seed);
        List<List<Score>> batches = new ArrayList<>();
        for (int left = events; left > 0; left -= batchSize) {
            batches.add(source.batch(Math.min(batchSize, left)));
        }
        return batches;
    }
}

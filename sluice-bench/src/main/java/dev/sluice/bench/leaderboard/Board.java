package dev.sluice.bench.leaderboard;

import java.util.List;

/** A system under test: ingests batches of score events, durably, from several threads at once. */
interface Board extends AutoCloseable {

    /** Ingests one batch (event time: now) and returns how many events it committed. */
    int ingest(List<ScoreSource.Score> batch) throws Exception;

    /** Events committed but not yet in the leaderboards (a system that folds later); 0 for one that updates at commit. */
    default long backlog() throws Exception {
        return 0;
    }

    /** Waits until nothing is left in {@link #backlog()}. */
    default void drain() throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}

package dev.sluice.leaderboard;

/**
 * What is kept per player per window. {@link #MAX} is always kept: it is the ranking. {@link #SUM}
 * and {@link #COUNT} are optional because every event then changes its player's aggregate (a
 * checkpoint row per player and interval in the checkpointed windows), where max alone changes it
 * only when a player's best improves. The figures below are from the design before session 4, when
 * every window was a table. Measured with {@code IngestThroughputProbe} (test
 * sources; 100,000 players, 4 callers × 500-event batches, 30 s, durable embedded PostgreSQL on the
 * shared 2-core machine): 3.2 instead of 4.9 aggregate row writes per event over the five default
 * windows, WAL 1.9 instead of 2.0 kB per event; throughput differences were inside that machine's
 * noise. The saving grows with time, as the long windows (1h, 1d, all) hold a row for every player
 * and most events no longer improve it.
 * Turning SUM or COUNT on later keeps them null on rows that existed before (they were never counted).
 */
public enum Aggregate {
    /** Best score, and when it was first reached (the ranking and its tie-break). */
    MAX,
    /** Sum of scores ({@link Standing#total()}); null when not kept. */
    SUM,
    /** Number of events ({@link Standing#events()}); null when not kept. */
    COUNT
}

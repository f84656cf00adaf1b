package dev.sluice.leaderboard;

import dev.sluice.schema.Identifiers;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Leaderboard settings, validated at {@link Builder#build()}.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>schema</td><td>{@code sluice}</td><td>schema of the tables</td></tr>
 * <tr><td>windows</td><td>1s, 1m, 1h, 1d, all</td><td>tumbling windows maintained per player</td></tr>
 * <tr><td>aggregates</td><td>MAX</td><td>per player per window; SUM and COUNT are optional and cost a row write
 *     per event per window (max alone writes only when a best improves)</td></tr>
 * <tr><td>allowedLateness</td><td>1 h</td><td>oldest event time accepted; later events still update their window</td></tr>
 * <tr><td>maxFutureSkew</td><td>5 s</td><td>how far in the future an event time may be (clock skew)</td></tr>
 * <tr><td>minScore / maxScore</td><td>0 / 10^15</td><td>accepted score range</td></tr>
 * <tr><td>maxPayloadBytes</td><td>4096</td><td>largest optional JSON payload per event</td></tr>
 * <tr><td>maxBatchSize</td><td>10,000</td><td>most events per ingest call</td></tr>
 * <tr><td>retention</td><td>30 days</td><td>events older than this are dropped, a whole day partition at a time</td></tr>
 * <tr><td>partitionsAhead</td><td>3</td><td>daily event partitions kept created ahead of today</td></tr>
 * <tr><td>snapshotInterval</td><td>500 ms</td><td>how often the live top-N is recomputed and announced by NOTIFY; an event reaches the live top-N within this interval plus the publish time (500 ms keeps that under a second)</td></tr>
 * <tr><td>snapshotSize</td><td>100</td><td>players in the live top-N</td></tr>
 * <tr><td>foldInterval</td><td>100 ms</td><td>how often each process reads the appended events into its in-memory
 *     standings (the tail); {@code rank} and the snapshots are as of the last read, so at most this plus one read's time behind
 *     the last commit (and behind any transaction still open that started earlier)</td></tr>
 * <tr><td>foldBatchSize</td><td>50,000</td><td>most events one tail read takes (whole ingest transactions);
 *     a backlog is read in several back to back</td></tr>
 * <tr><td>checkpointInterval</td><td>10 s</td><td>how often the players changed in the checkpointed windows (those the
 *     inbox does not cover, see the README) are written back, coalesced, with the events since the last one archived; a
 *     restart reads the checkpoint and replays the inbox after it</td></tr>
 * </table>
 */
public record LeaderboardConfig(String schema, List<Window> windows, Set<Aggregate> aggregates, Duration allowedLateness, Duration maxFutureSkew,
                                long minScore, long maxScore, int maxPayloadBytes, int maxBatchSize, Duration retention,
                                int partitionsAhead, Duration snapshotInterval, int snapshotSize, Duration foldInterval,
                                int foldBatchSize, Duration checkpointInterval) {

    public LeaderboardConfig {
        Identifiers.schemaName(schema);
        windows = List.copyOf(windows);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("windows must name at least one window.");
        }
        if (windows.stream().map(Window::name).distinct().count() != windows.size()) {
            throw new IllegalArgumentException("window names must be unique; got " + windows + ".");
        }
        if (aggregates == null || !aggregates.contains(Aggregate.MAX)) {
            throw new IllegalArgumentException("aggregates must include MAX (the ranking); SUM and COUNT are optional. Got "
                    + aggregates + ".");
        }
        aggregates = Set.copyOf(aggregates);
        positive("allowedLateness", allowedLateness, Duration.ofDays(30));
        positive("maxFutureSkew", maxFutureSkew, Duration.ofHours(1));
        if (minScore > maxScore) {
            throw new IllegalArgumentException("minScore (" + minScore + ") must not exceed maxScore (" + maxScore + ").");
        }
        if (maxPayloadBytes < 0 || maxPayloadBytes > 1 << 20) {
            throw new IllegalArgumentException("maxPayloadBytes must be between 0 and 1048576; got " + maxPayloadBytes + ".");
        }
        if (maxBatchSize < 1 || maxBatchSize > 100_000) {
            throw new IllegalArgumentException("maxBatchSize must be between 1 and 100000; got " + maxBatchSize + ".");
        }
        positive("retention", retention, Duration.ofDays(3650));
        if (retention.compareTo(allowedLateness.plusDays(1)) < 0) {
            throw new IllegalArgumentException("retention (" + retention + ") must exceed allowedLateness by at least a day.");
        }
        if (partitionsAhead < 1 || partitionsAhead > 60) {
            throw new IllegalArgumentException("partitionsAhead must be between 1 and 60; got " + partitionsAhead + ".");
        }
        positive("snapshotInterval", snapshotInterval, Duration.ofMinutes(10));
        if (snapshotSize < 1 || snapshotSize > 1000) {
            throw new IllegalArgumentException("snapshotSize must be between 1 and 1000; got " + snapshotSize + ".");
        }
        positive("foldInterval", foldInterval, Duration.ofSeconds(10));
        if (foldBatchSize < 1_000 || foldBatchSize > 1_000_000) {
            throw new IllegalArgumentException("foldBatchSize must be between 1000 and 1000000; got " + foldBatchSize + ".");
        }
        positive("checkpointInterval", checkpointInterval, Duration.ofMinutes(10));
    }

    private static void positive(String name, Duration value, Duration max) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + max + "; got " + value + ".");
        }
    }

    /** Whether sums and counts are kept (each costs a row write per event per window). */
    public boolean keepsSumOrCount() {
        return aggregates.contains(Aggregate.SUM) || aggregates.contains(Aggregate.COUNT);
    }

    /** The window of that name. */
    public Window window(String name) {
        return windows.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownWindowException(name, windows));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link LeaderboardConfig}; see the class documentation for defaults. */
    public static final class Builder {
        private String schema = "sluice";
        private List<Window> windows = List.of(Window.SECOND, Window.MINUTE, Window.HOUR, Window.DAY, Window.ALL_TIME);
        private Set<Aggregate> aggregates = Set.of(Aggregate.MAX);
        private Duration allowedLateness = Duration.ofHours(1);
        private Duration maxFutureSkew = Duration.ofSeconds(5);
        private long minScore = 0;
        private long maxScore = 1_000_000_000_000_000L;
        private int maxPayloadBytes = 4096;
        private int maxBatchSize = 10_000;
        private Duration retention = Duration.ofDays(30);
        private int partitionsAhead = 3;
        private Duration snapshotInterval = Duration.ofMillis(500);
        private int snapshotSize = 100;
        private Duration foldInterval = Duration.ofMillis(100);
        private int foldBatchSize = 50_000;
        private Duration checkpointInterval = Duration.ofSeconds(10);

        public Builder schema(String v) { schema = v; return this; }
        public Builder windows(List<Window> v) { windows = v; return this; }
        /** MAX is required; add SUM and/or COUNT to keep them too. */
        public Builder aggregates(Aggregate first, Aggregate... more) { aggregates = EnumSet.of(first, more); return this; }
        public Builder allowedLateness(Duration v) { allowedLateness = v; return this; }
        public Builder maxFutureSkew(Duration v) { maxFutureSkew = v; return this; }
        public Builder scoreRange(long min, long max) { minScore = min; maxScore = max; return this; }
        public Builder maxPayloadBytes(int v) { maxPayloadBytes = v; return this; }
        public Builder maxBatchSize(int v) { maxBatchSize = v; return this; }
        public Builder retention(Duration v) { retention = v; return this; }
        public Builder partitionsAhead(int v) { partitionsAhead = v; return this; }
        public Builder snapshotInterval(Duration v) { snapshotInterval = v; return this; }
        public Builder snapshotSize(int v) { snapshotSize = v; return this; }
        public Builder foldInterval(Duration v) { foldInterval = v; return this; }
        public Builder foldBatchSize(int v) { foldBatchSize = v; return this; }
        public Builder checkpointInterval(Duration v) { checkpointInterval = v; return this; }

        public LeaderboardConfig build() {
            return new LeaderboardConfig(schema, windows, aggregates, allowedLateness, maxFutureSkew, minScore, maxScore, maxPayloadBytes,
                    maxBatchSize, retention, partitionsAhead, snapshotInterval, snapshotSize, foldInterval, foldBatchSize,
                    checkpointInterval);
        }
    }
}

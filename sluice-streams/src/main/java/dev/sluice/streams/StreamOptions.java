package dev.sluice.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How a stream is partitioned and retained, validated at {@link Builder#build()}.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>partitionInterval</td><td>1 h</td><td>span of append time per partition, the unit retention drops (1 s..31 days)</td></tr>
 * <tr><td>retention</td><td>7 days</td><td>partitions whose newest possible event is older are dropped; null keeps forever</td></tr>
 * <tr><td>maxBytes</td><td>none</td><td>oldest partitions are dropped while the stream is larger (the partition being written is never dropped)</td></tr>
 * <tr><td>retentionMode</td><td>{@link RetentionMode#KEEP_UNCONSUMED}</td><td>whether retention waits for subscriptions</td></tr>
 * </table>
 */
public record StreamOptions(Duration partitionInterval, Duration retention, Long maxBytes, RetentionMode retentionMode) {

    /** Hourly partitions, 7 days, no size limit, keep what a subscription has not consumed. */
    public static final StreamOptions DEFAULTS = builder().build();

    public StreamOptions {
        Objects.requireNonNull(partitionInterval, "partitionInterval");
        Objects.requireNonNull(retentionMode, "retentionMode");
        if (partitionInterval.compareTo(Duration.ofSeconds(1)) < 0 || partitionInterval.compareTo(Duration.ofDays(31)) > 0
                || partitionInterval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("partitionInterval must be whole seconds between 1 s and 31 days; got " + partitionInterval + ".");
        }
        if (retention != null && (retention.isNegative() || retention.isZero() || retention.toMillis() % 1000 != 0)) {
            throw new IllegalArgumentException("retention must be whole seconds and positive, or null to keep forever; got " + retention + ".");
        }
        if (maxBytes != null && maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, or null for no size limit; got " + maxBytes + ".");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link StreamOptions}; see the class documentation for defaults. */
    public static final class Builder {
        private Duration partitionInterval = Duration.ofHours(1);
        private Duration retention = Duration.ofDays(7);
        private Long maxBytes;
        private RetentionMode retentionMode = RetentionMode.KEEP_UNCONSUMED;

        private Builder() {
        }

        public Builder partitionInterval(Duration partitionInterval) {
            this.partitionInterval = partitionInterval;
            return this;
        }

        /** Null keeps events forever (by time; {@link #maxBytes} still applies). */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        public Builder maxBytes(Long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder retentionMode(RetentionMode retentionMode) {
            this.retentionMode = retentionMode;
            return this;
        }

        public StreamOptions build() {
            return new StreamOptions(partitionInterval, retention, maxBytes, retentionMode);
        }
    }
}

package dev.sluice.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How a process consumes one subscription.
 *
 * @param batchSize most events per batch and transaction (1..10,000; default 500)
 * @param pollInterval how often an idle consumer looks without a notification, and how soon a standby
 *     process notices that the active one died (10 ms..1 h; default 1 s)
 * @param maxBackoff longest wait between retries of a failing batch (default 30 s); the first wait is 100 ms
 */
public record SubscriberOptions(int batchSize, Duration pollInterval, Duration maxBackoff) {

    public static final SubscriberOptions DEFAULTS = new SubscriberOptions(500, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public SubscriberOptions {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 10000; got " + batchSize + ".");
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("pollInterval must be between 10 ms and 1 h; got " + pollInterval + ".");
        }
        if (maxBackoff.compareTo(Duration.ofMillis(100)) < 0 || maxBackoff.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("maxBackoff must be between 100 ms and 1 h; got " + maxBackoff + ".");
        }
    }

    public SubscriberOptions withBatchSize(int batchSize) {
        return new SubscriberOptions(batchSize, pollInterval, maxBackoff);
    }

    public SubscriberOptions withPollInterval(Duration pollInterval) {
        return new SubscriberOptions(batchSize, pollInterval, maxBackoff);
    }

    public SubscriberOptions withMaxBackoff(Duration maxBackoff) {
        return new SubscriberOptions(batchSize, pollInterval, maxBackoff);
    }
}

package dev.sluice.worker;

import java.time.Duration;

/**
 * How a queue's workers run.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>concurrency</td><td>2</td><td>worker threads, each with its own connection and transaction (1..256)</td></tr>
 * <tr><td>batchSize</td><td>150</td><td>most messages per claim and per handler call (1..10000)</td></tr>
 * <tr><td>maxAttempts</td><td>20</td><td>failed attempts before a message moves to the dead letters (1..1000)</td></tr>
 * <tr><td>retryBaseDelay</td><td>1 s</td><td>delay after the first failure; doubles each time, with jitter</td></tr>
 * <tr><td>retryMaxDelay</td><td>1 h</td><td>longest delay between attempts</td></tr>
 * </table>
 */
public record WorkerOptions(int concurrency, int batchSize, int maxAttempts, Duration retryBaseDelay, Duration retryMaxDelay) {

    public static final WorkerOptions DEFAULTS = builder().build();

    public WorkerOptions {
        range("concurrency", concurrency, 1, 256);
        range("batchSize", batchSize, 1, 10_000);
        range("maxAttempts", maxAttempts, 1, 1000);
        if (retryBaseDelay == null || retryBaseDelay.isNegative() || retryBaseDelay.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("retryBaseDelay must be between 0 and 1 day; got " + retryBaseDelay + ".");
        }
        if (retryMaxDelay == null || retryMaxDelay.compareTo(retryBaseDelay) < 0 || retryMaxDelay.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("retryMaxDelay must be between retryBaseDelay (" + retryBaseDelay + ") and 7 days; got " + retryMaxDelay + ".");
        }
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + "; got " + value + ".");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link WorkerOptions}; see the class documentation for defaults. */
    public static final class Builder {
        private int concurrency = 2;
        private int batchSize = 150;
        private int maxAttempts = 20;
        private Duration retryBaseDelay = Duration.ofSeconds(1);
        private Duration retryMaxDelay = Duration.ofHours(1);

        private Builder() {
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
            return this;
        }

        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = retryMaxDelay;
            return this;
        }

        public WorkerOptions build() {
            return new WorkerOptions(concurrency, batchSize, maxAttempts, retryBaseDelay, retryMaxDelay);
        }
    }
}

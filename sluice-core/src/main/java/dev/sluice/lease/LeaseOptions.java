package dev.sluice.lease;

import java.time.Duration;

/**
 * How leased workers run ({@code Sluice.startLeasedWorkers}).
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>concurrency</td><td>2</td><td>worker threads (1..256); none holds a connection while its handler runs</td></tr>
 * <tr><td>batchSize</td><td>50</td><td>most messages per lease and handler call (1..10000)</td></tr>
 * <tr><td>lease</td><td>30 s</td><td>how long a claim holds its messages without a heartbeat (1 s..12 h); a lease not
 *     acknowledged, failed or extended by then is redelivered within about a second of its deadline</td></tr>
 * <tr><td>heartbeat</td><td>lease / 3</td><td>how often running leases are extended by {@code lease}; zero: never
 *     (the handler extends, or the lease must cover the handler)</td></tr>
 * <tr><td>maxAttempts</td><td>20</td><td>deliveries (counted at claim) before a message moves to the dead letters (1..1000)</td></tr>
 * <tr><td>retryBaseDelay</td><td>1 s</td><td>delay after the first failure; doubles each time, with jitter</td></tr>
 * <tr><td>retryMaxDelay</td><td>1 h</td><td>longest delay between attempts</td></tr>
 * </table>
 */
public record LeaseOptions(int concurrency, int batchSize, Duration lease, Duration heartbeat, int maxAttempts,
                           Duration retryBaseDelay, Duration retryMaxDelay) {

    public static final LeaseOptions DEFAULTS = builder().build();

    public LeaseOptions {
        range("concurrency", concurrency, 1, 256);
        range("batchSize", batchSize, 1, 10_000);
        range("maxAttempts", maxAttempts, 1, 1000);
        checkLease("lease", lease);
        if (heartbeat == null) {
            heartbeat = lease.dividedBy(3);
        }
        if (heartbeat.isNegative() || heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("heartbeat must be zero (none) or shorter than the lease (" + lease + "); got " + heartbeat + ".");
        }
        if (retryBaseDelay == null || retryBaseDelay.isNegative() || retryBaseDelay.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("retryBaseDelay must be between 0 and 1 day; got " + retryBaseDelay + ".");
        }
        if (retryMaxDelay == null || retryMaxDelay.compareTo(retryBaseDelay) < 0 || retryMaxDelay.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("retryMaxDelay must be between retryBaseDelay (" + retryBaseDelay + ") and 7 days; got "
                    + retryMaxDelay + ".");
        }
    }

    /** Checks a lease duration: 1 second to 12 hours. */
    public static void checkLease(String name, Duration lease) {
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 second and 12 hours; got " + lease + ".");
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

    /** Builds {@link LeaseOptions}; see the class documentation for defaults. */
    public static final class Builder {
        private int concurrency = 2;
        private int batchSize = 50;
        private Duration lease = Duration.ofSeconds(30);
        private Duration heartbeat;
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

        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        /** Zero: no heartbeat. Unset: a third of the lease. */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
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

        public LeaseOptions build() {
            return new LeaseOptions(concurrency, batchSize, lease, heartbeat, maxAttempts, retryBaseDelay, retryMaxDelay);
        }
    }
}

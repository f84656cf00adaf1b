package dev.sluice;

import dev.sluice.schema.Identifiers;
import dev.sluice.worker.ClaimObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Everything a {@link Sluice} instance needs, validated once at {@link Builder#build()}.
 *
 * <p>Give either a {@code jdbcUrl} (Sluice creates and owns a HikariCP pool) or a {@code dataSource}
 * (yours; Sluice never closes it). Every other setting has a default:
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>schema</td><td>{@code sluice}</td><td>PostgreSQL schema holding all of Sluice's tables</td></tr>
 * <tr><td>maxPoolSize</td><td>10</td><td>connections in the pool Sluice creates from a JDBC URL (1..1000)</td></tr>
 * <tr><td>migrate</td><td>true</td><td>apply pending migrations at start (false: run {@code sluice migrate --print} yourself)</td></tr>
 * <tr><td>listenNotify</td><td>true</td><td>wake workers with LISTEN/NOTIFY; false behind PgBouncer in transaction mode</td></tr>
 * <tr><td>pollInterval</td><td>1 s</td><td>how often idle workers look for work without a notification (10 ms..1 h)</td></tr>
 * <tr><td>sweepInterval</td><td>500 ms</td><td>how often a claim rescans the queue from its start instead of resuming after the last claimed message (a rolled-back batch, a late commit); a slow rescan (dead rows a long transaction keeps) spaces the next by ten times its duration (10 ms..1 h)</td></tr>
 * <tr><td>shutdownTimeout</td><td>30 s</td><td>how long {@link Sluice#close()} lets in-flight batches finish</td></tr>
 * <tr><td>maxPayloadBytes</td><td>1 MiB</td><td>largest JSON payload accepted by enqueue (1 byte..64 MiB)</td></tr>
 * <tr><td>idempotencyWindow</td><td>24 h</td><td>how long after enqueue an idempotency key keeps deduplicating, once its message is done</td></tr>
 * <tr><td>meterRegistry</td><td>none</td><td>Micrometer registry for per-queue metrics</td></tr>
 * <tr><td>tickSchedules</td><td>true</td><td>run a ticker thread that enqueues the ticks of {@linkplain dev.sluice.schedule.Schedules schedules}
 *     (any number of processes may; each tick is enqueued once); false for short-lived admin processes</td></tr>
 * <tr><td>claimObserver</td><td>none</td><td>{@link dev.sluice.worker.ClaimObserver} told of every claim of this instance's workers (tracing, timing)</td></tr>
 * </table>
 */
public record SluiceConfig(
        String jdbcUrl,
        String username,
        String password,
        DataSource dataSource,
        String schema,
        int maxPoolSize,
        boolean migrate,
        boolean listenNotify,
        Duration pollInterval,
        Duration sweepInterval,
        Duration shutdownTimeout,
        int maxPayloadBytes,
        Duration idempotencyWindow,
        MeterRegistry meterRegistry,
        boolean tickSchedules,
        ClaimObserver claimObserver) {

    public static final String DEFAULT_SCHEMA = "sluice";

    public SluiceConfig {
        if ((jdbcUrl == null) == (dataSource == null)) {
            throw new IllegalArgumentException("Give exactly one of jdbcUrl or dataSource (got "
                    + (jdbcUrl == null ? "neither" : "both") + ").");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with \"jdbc:postgresql:\", e.g. jdbc:postgresql://localhost:5432/app; got \""
                    + jdbcUrl + "\".");
        }
        Identifiers.schemaName(schema);
        requireRange("maxPoolSize", maxPoolSize, 1, 1000);
        requireRange("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofHours(1));
        requireRange("sweepInterval", sweepInterval, Duration.ofMillis(10), Duration.ofHours(1));
        requireRange("shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
        requireRange("maxPayloadBytes", maxPayloadBytes, 1, 64 * 1024 * 1024);
        requireRange("idempotencyWindow", idempotencyWindow, Duration.ZERO, Duration.ofDays(365));
    }

    /** A builder with every default set; only the connection is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this configuration's values, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jdbcUrl = jdbcUrl;
        b.username = username;
        b.password = password;
        b.dataSource = dataSource;
        b.schema = schema;
        b.maxPoolSize = maxPoolSize;
        b.migrate = migrate;
        b.listenNotify = listenNotify;
        b.pollInterval = pollInterval;
        b.sweepInterval = sweepInterval;
        b.shutdownTimeout = shutdownTimeout;
        b.maxPayloadBytes = maxPayloadBytes;
        b.idempotencyWindow = idempotencyWindow;
        b.meterRegistry = meterRegistry;
        b.tickSchedules = tickSchedules;
        b.claimObserver = claimObserver;
        return b;
    }

    static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + "; got " + value + ".");
        }
    }

    static void requireRange(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + "; got " + value + ".");
        }
    }

    /** Builds a {@link SluiceConfig}; see the class documentation for defaults. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private int maxPoolSize = 10;
        private boolean migrate = true;
        private boolean listenNotify = true;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration sweepInterval = Duration.ofMillis(500);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private int maxPayloadBytes = 1024 * 1024;
        private Duration idempotencyWindow = Duration.ofHours(24);
        private MeterRegistry meterRegistry;
        private boolean tickSchedules = true;
        private ClaimObserver claimObserver;

        private Builder() {
        }

        /** PostgreSQL JDBC URL; Sluice creates and closes its own pool. */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Your own pool; Sluice borrows connections and never closes it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        public Builder listenNotify(boolean listenNotify) {
            this.listenNotify = listenNotify;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** Whether this instance enqueues schedule ticks (default true); see {@link dev.sluice.schedule.Schedules}. */
        public Builder tickSchedules(boolean tickSchedules) {
            this.tickSchedules = tickSchedules;
            return this;
        }

        /** Told of every claim of this instance's workers (default none: claims do no extra work). */
        public Builder claimObserver(ClaimObserver claimObserver) {
            this.claimObserver = claimObserver;
            return this;
        }

        /** Validates and builds; an {@link IllegalArgumentException} names the bad setting and its allowed range. */
        public SluiceConfig build() {
            return new SluiceConfig(jdbcUrl, username, password, dataSource, schema, maxPoolSize, migrate, listenNotify,
                    pollInterval, sweepInterval, shutdownTimeout, maxPayloadBytes, idempotencyWindow, meterRegistry, tickSchedules,
                    claimObserver);
        }
    }
}

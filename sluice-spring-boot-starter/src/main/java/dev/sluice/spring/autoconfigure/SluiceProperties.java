package dev.sluice.spring.autoconfigure;

import dev.sluice.SluiceConfig;
import dev.sluice.queue.QueueOptions;
import dev.sluice.worker.WorkerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Sluice's settings under {@code sluice.}. Each one maps to a setting of {@link SluiceConfig},
 * {@link WorkerOptions} or {@link QueueOptions} and is validated by them at start: a bad value fails
 * the context with the property's name, its value and the allowed range.
 */
@ConfigurationProperties(prefix = "sluice")
public class SluiceProperties implements Validator {

    /** Whether to configure Sluice at all. */
    private boolean enabled = true;

    /** PostgreSQL schema holding all of Sluice's tables. */
    private String schema = "sluice";

    /** Apply Sluice's migrations at start; false when Flyway or Liquibase applies them (see the README). */
    private boolean migrate = true;

    /** Wake workers with LISTEN/NOTIFY; set false behind PgBouncer in transaction mode (workers then poll). */
    private boolean listenNotify = true;

    /** How often idle workers look for work without a notification. */
    private Duration pollInterval = Duration.ofSeconds(1);

    /** How often a claim rescans its queue from the start; bounds the delay of retried and delayed messages. */
    private Duration sweepInterval = Duration.ofMillis(500);

    /**
     * How long in-flight batches get to finish when the application stops. Keep it below
     * spring.lifecycle.timeout-per-shutdown-phase (30 s by default) or Spring stops waiting first.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(25);

    /** Largest JSON payload accepted by enqueue, in bytes. */
    private int maxPayloadBytes = 1048576;

    /** How long after its message is done an idempotency key keeps deduplicating. */
    private Duration idempotencyWindow = Duration.ofHours(24);

    /** Create the queues named under sluice.queues and those of handler beans at start, if missing. */
    private boolean createQueues = true;

    private final Workers workers = new Workers();

    private final Health health = new Health();

    /** Per-queue settings, by queue name; they override the attributes of a queue's @SluiceHandler. */
    private final Map<String, Queue> queues = new LinkedHashMap<>();

    /** Whether this process runs workers. */
    public static class Workers {
        /** Start the workers of handler beans; false for processes that only enqueue. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Thresholds of the health indicator that apply to every queue without its own. */
    public static class Health {
        /** Most messages a queue may hold before the health indicator reports DOWN; unset: no limit. */
        private Long maxDepth;

        /** Longest a ready message may wait before the health indicator reports DOWN; unset: no limit. */
        private Duration maxOldestReadyAge;

        public Long getMaxDepth() {
            return maxDepth;
        }

        public void setMaxDepth(Long maxDepth) {
            this.maxDepth = maxDepth;
        }

        public Duration getMaxOldestReadyAge() {
            return maxOldestReadyAge;
        }

        public void setMaxOldestReadyAge(Duration maxOldestReadyAge) {
            this.maxOldestReadyAge = maxOldestReadyAge;
        }
    }

    /** One queue's settings; unset values fall back to the @SluiceHandler attributes, then to Sluice's defaults. */
    public static class Queue {
        /** Worker threads, each with its own connection and transaction (1..256; default 2). */
        private Integer concurrency;
        /** Most messages per claim and per handler call (1..10000; default 150). */
        private Integer batchSize;
        /** Failed attempts before a message moves to the dead letters (1..1000; default 20). */
        private Integer maxAttempts;
        /** Delay after the first failure; doubles each time, with jitter (default 1 s). */
        private Duration retryBaseDelay;
        /** Longest delay between attempts (default 1 h). */
        private Duration retryMaxDelay;
        /** Partitions the queue rotates through, when this process creates it (default 4). */
        private Integer slots;
        /** How long each slot takes new messages, when this process creates the queue (default 5 s). */
        private Duration rotation;
        /** This queue's health threshold on depth; overrides sluice.health.max-depth. */
        private Long maxDepth;
        /** This queue's health threshold on the oldest ready message; overrides sluice.health.max-oldest-ready-age. */
        private Duration maxOldestReadyAge;

        /** The worker options: these values, else {@code fallback}'s. */
        public WorkerOptions workerOptions(WorkerOptions fallback) {
            return WorkerOptions.builder()
                    .concurrency(concurrency != null ? concurrency : fallback.concurrency())
                    .batchSize(batchSize != null ? batchSize : fallback.batchSize())
                    .maxAttempts(maxAttempts != null ? maxAttempts : fallback.maxAttempts())
                    .retryBaseDelay(retryBaseDelay != null ? retryBaseDelay : fallback.retryBaseDelay())
                    .retryMaxDelay(retryMaxDelay != null ? retryMaxDelay : fallback.retryMaxDelay())
                    .build();
        }

        /** The options a queue is created with. */
        public QueueOptions queueOptions() {
            return new QueueOptions(slots != null ? slots : QueueOptions.DEFAULTS.slots(),
                    rotation != null ? rotation : QueueOptions.DEFAULTS.rotation());
        }

        public Integer getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(Integer concurrency) {
            this.concurrency = concurrency;
        }

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getRetryBaseDelay() {
            return retryBaseDelay;
        }

        public void setRetryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
        }

        public Duration getRetryMaxDelay() {
            return retryMaxDelay;
        }

        public void setRetryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = retryMaxDelay;
        }

        public Integer getSlots() {
            return slots;
        }

        public void setSlots(Integer slots) {
            this.slots = slots;
        }

        public Duration getRotation() {
            return rotation;
        }

        public void setRotation(Duration rotation) {
            this.rotation = rotation;
        }

        public Long getMaxDepth() {
            return maxDepth;
        }

        public void setMaxDepth(Long maxDepth) {
            this.maxDepth = maxDepth;
        }

        public Duration getMaxOldestReadyAge() {
            return maxOldestReadyAge;
        }

        public void setMaxOldestReadyAge(Duration maxOldestReadyAge) {
            this.maxOldestReadyAge = maxOldestReadyAge;
        }
    }

    /** The core configuration these properties describe, on the application's data source. */
    public SluiceConfig.Builder toConfigBuilder(javax.sql.DataSource dataSource) {
        return SluiceConfig.builder()
                .dataSource(dataSource)
                .schema(schema)
                .migrate(migrate)
                .listenNotify(listenNotify)
                .pollInterval(pollInterval)
                .sweepInterval(sweepInterval)
                .shutdownTimeout(shutdownTimeout)
                .maxPayloadBytes(maxPayloadBytes)
                .idempotencyWindow(idempotencyWindow);
    }

    @Override
    public boolean supports(Class<?> type) {
        return SluiceProperties.class.isAssignableFrom(type);
    }

    /**
     * Validates by building the core records, which check every range; their message names the
     * core setting (e.g. {@code batchSize}), which is reported against the property path
     * (e.g. {@code queues[emails].batchSize}, shown by Spring as {@code sluice.queues.emails.batch-size}).
     */
    @Override
    public void validate(Object target, Errors errors) {
        try {
            toConfigBuilder(PLACEHOLDER).build();
        } catch (RuntimeException e) { // IllegalArgumentException, or InvalidIdentifierException for the schema
            errors.rejectValue(fieldOf(e.getMessage(), CONFIG_FIELDS, "schema"), "sluice.invalid", e.getMessage());
        }
        for (Map.Entry<String, Queue> entry : queues.entrySet()) {
            String path = "queues[" + entry.getKey() + "].";
            try {
                dev.sluice.schema.Identifiers.queueName(entry.getKey());
            } catch (RuntimeException e) {
                errors.reject("sluice.invalid", "sluice.queues." + entry.getKey() + ": " + e.getMessage());
                continue;
            }
            try {
                entry.getValue().workerOptions(WorkerOptions.DEFAULTS);
                entry.getValue().queueOptions();
            } catch (IllegalArgumentException e) {
                errors.rejectValue(path + fieldOf(e.getMessage(), QUEUE_FIELDS, "concurrency"), "sluice.invalid", e.getMessage());
            }
        }
    }

    private static final java.util.Set<String> CONFIG_FIELDS = java.util.Set.of("pollInterval", "sweepInterval",
            "shutdownTimeout", "maxPayloadBytes", "idempotencyWindow");
    private static final java.util.Set<String> QUEUE_FIELDS = java.util.Set.of("concurrency", "batchSize", "maxAttempts",
            "retryBaseDelay", "retryMaxDelay", "slots", "rotation");

    /** The setting a core validation message starts with ("batchSize must be ..."), or {@code fallback}. */
    private static String fieldOf(String message, java.util.Set<String> fields, String fallback) {
        if (message != null) {
            int space = message.indexOf(' ');
            if (space > 0 && fields.contains(message.substring(0, space))) {
                return message.substring(0, space);
            }
        }
        return fallback;
    }

    /** Stands in for the application's pool while validating; never asked for a connection. */
    private static final javax.sql.DataSource PLACEHOLDER = new org.springframework.jdbc.datasource.SimpleDriverDataSource();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public boolean isMigrate() {
        return migrate;
    }

    public void setMigrate(boolean migrate) {
        this.migrate = migrate;
    }

    public boolean isListenNotify() {
        return listenNotify;
    }

    public void setListenNotify(boolean listenNotify) {
        this.listenNotify = listenNotify;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public int getMaxPayloadBytes() {
        return maxPayloadBytes;
    }

    public void setMaxPayloadBytes(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public Duration getIdempotencyWindow() {
        return idempotencyWindow;
    }

    public void setIdempotencyWindow(Duration idempotencyWindow) {
        this.idempotencyWindow = idempotencyWindow;
    }

    public boolean isCreateQueues() {
        return createQueues;
    }

    public void setCreateQueues(boolean createQueues) {
        this.createQueues = createQueues;
    }

    public Workers getWorkers() {
        return workers;
    }

    public Health getHealth() {
        return health;
    }

    public Map<String, Queue> getQueues() {
        return queues;
    }
}

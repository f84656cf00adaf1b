package dev.sluice.examples.versioning;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.worker.Workers;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

/**
 * One deployed part of the application: the Product, User or Versioning service, the new
 * pipeline's workers, or the old pipeline's cron job. Each has its own connection pool (counted by
 * its own {@link CountingDataSource}) and HTTP client, and answers the same text commands whether it
 * runs in a child JVM ({@link VersioningNodeMain}, over stdin/stdout) or in the demo's JVM (tests).
 *
 * <p>Commands: {@code ops} (database operations so far, all nodes: the total, then by kind of
 * connection lease, {@link CountingDataSource.Counts#text()}); {@code jit} (milliseconds this JVM's
 * JIT compilers have spent so far: the demo warms up until they are nearly idle); {@code start WORKERS BATCH},
 * {@code stop} (answers {@code BATCHES VERSIONS}), {@code progress} (versions written so far by the running
 * workers, counted before their commits) for {@code workers}; {@code run LIMIT_MS} (answers
 * the run's {@link OldPipeline.RunStats} as JSON) for {@code cron}.
 */
final class VersioningNode implements AutoCloseable {

    /** The roles, one process each when deployed. */
    enum Role {
        PRODUCT, USER, VERSIONING, WORKERS, CRON;

        String argName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Role parse(String text) {
            for (Role r : values()) {
                if (r.argName().equals(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown role " + text + "; one of product, user, versioning, workers, cron");
        }
    }

    /**
     * What a node needs: the (relayed) database, the domain and Sluice schemas, request threads or
     * worker connections, and the (relayed) addresses of the services it calls.
     */
    record Spec(Role role, String jdbcUrl, String schema, String sluiceSchema, int threads, URI productService, URI userService,
                URI versioningService) {

        List<String> args() {
            return List.of(role.argName(), jdbcUrl, schema, sluiceSchema, Integer.toString(threads), String.valueOf(productService),
                    String.valueOf(userService), String.valueOf(versioningService));
        }

        static Spec parse(String[] a) {
            if (a.length != 8) {
                throw new IllegalArgumentException("expected: role jdbcUrl schema sluiceSchema threads productUri userUri versioningUri");
            }
            return new Spec(Role.parse(a[0]), a[1], a[2], a[3], Integer.parseInt(a[4]), uri(a[5]), uri(a[6]), uri(a[7]));
        }

        private static URI uri(String text) {
            return text.equals("null") ? null : URI.create(text);
        }
    }

    private final Spec spec;
    private final HikariDataSource pool;
    private final CountingDataSource counting;
    private final HttpClient http = ServiceClient.newHttpClient();
    private final AutoCloseable service;
    private final int port;
    private Sluice sluice;
    private NewPipeline pipeline;
    private Workers workers;

    VersioningNode(Spec spec) throws Exception {
        this.spec = spec;
        int connections = spec.role() == Role.WORKERS ? spec.threads() + 6 : spec.threads();
        this.pool = EmbeddedDatabase.pooledDataSource(spec.jdbcUrl(), connections, Map.of());
        this.counting = new CountingDataSource(pool);
        switch (spec.role()) {
            case PRODUCT -> {
                ProductService s = new ProductService(counting, spec.schema(), spec.threads());
                service = s;
                port = s.uri().getPort();
            }
            case USER -> {
                UserService s = new UserService(counting, spec.schema(), spec.threads());
                service = s;
                port = s.uri().getPort();
            }
            case VERSIONING -> {
                VersioningService s = new VersioningService(counting, spec.schema(), http, spec.productService(), spec.userService(), spec.threads());
                service = s;
                port = s.uri().getPort();
            }
            default -> {
                service = () -> { };
                port = 0;
            }
        }
    }

    /** The service's port ({@code 0} for workers and cron). */
    int port() {
        return port;
    }

    /** Runs one command and returns its answer; throws on a bad command or a failed run. */
    synchronized String handle(String command) throws Exception {
        String[] words = command.trim().split("\\s+");
        switch (words[0]) {
            case "ops" -> {
                return counting.counts().text();
            }
            case "jit" -> {
                return Long.toString(java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
            }
            case "start" -> {
                requireRole(Role.WORKERS, command);
                startWorkers(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                return "started";
            }
            case "stop" -> {
                requireRole(Role.WORKERS, command);
                return stopWorkers();
            }
            case "progress" -> {
                requireRole(Role.WORKERS, command);
                return Long.toString(pipeline == null ? 0 : pipeline.versionsWritten());
            }
            case "run" -> {
                requireRole(Role.CRON, command);
                long deadline = System.nanoTime() + Long.parseLong(words[1]) * 1_000_000;
                OldPipeline cron = new OldPipeline(counting, spec.schema(), http, spec.versioningService());
                return Json.text(cron.runOnce(() -> System.nanoTime() < deadline));
            }
            default -> throw new IllegalArgumentException("unknown command: " + command);
        }
    }

    private void requireRole(Role role, String command) {
        if (spec.role() != role) {
            throw new IllegalArgumentException("'" + command + "' is a command of the " + role.argName() + " node, not of " + spec.role().argName());
        }
    }

    private void startWorkers(int concurrency, int batchSize) {
        if (workers != null) {
            throw new IllegalStateException("workers already running; stop them first");
        }
        sluice = Sluice.start(SluiceConfig.builder().dataSource(counting).schema(spec.sluiceSchema()).migrate(false).build());
        pipeline = new NewPipeline(sluice, spec.schema(), http, spec.versioningService());
        workers = pipeline.start(concurrency, batchSize);
    }

    private String stopWorkers() {
        if (workers == null) {
            return "0 0";
        }
        workers.close();
        sluice.close();
        String answer = pipeline.batches() + " " + pipeline.versionsWritten();
        workers = null;
        sluice = null;
        pipeline = null;
        return answer;
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            stopWorkers();
        } finally {
            try {
                service.close();
            } finally {
                pool.close();
            }
        }
    }
}

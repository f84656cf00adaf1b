package dev.sluice.cli;

import dev.sluice.SluiceConfig;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.examples.versioning.NewPipeline;
import dev.sluice.queue.QueueStats;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one-command demo: an embedded PostgreSQL (or {@code --jdbc-url}), a burst of jobs through a
 * queue with the figures, then the service on localhost with both reference applications under
 * simulated traffic, until Ctrl-C (or {@code --duration}), which stops everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {DemoVersioningCommand.class, DemoLeaderboardCommand.class, DemoSpringCommand.class},
        header = "The one-command demo: a burst of jobs with figures, then the live service with both applications.",
        description = "Start an embedded PostgreSQL 17, push a burst of jobs through a queue and print the figures; then run the service on localhost with the leaderboard and versioning applications under simulated traffic, print the dashboard URL and access token, and run until Ctrl-C, which stops everything.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", defaultValue = "${env:SLUICE_JDBC_URL}", description = "Use this PostgreSQL instead of an embedded one.")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "${env:SLUICE_USER}", description = "Database user, with --jdbc-url.")
    String user;

    @Option(names = "--password", defaultValue = "${env:SLUICE_PASSWORD}", description = "Database password, with --jdbc-url.")
    String password;

    @Option(names = "--schema", defaultValue = "sluice_demo",
            description = "Sluice's schema; the versioning application uses <schema>_versioning, dropped and re-seeded (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--jobs", defaultValue = "200000", description = "Jobs in the burst; 0 skips it (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--workers", defaultValue = "4", description = "Worker threads of the burst (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--batch", defaultValue = "150", description = "Batch size of the burst (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--burst-only", description = "Stop after the burst's figures.")
    boolean burstOnly;

    @Option(names = "--products", defaultValue = "100000", description = "Products seeded for the versioning application (default: ${DEFAULT-VALUE}).")
    long products;

    @Option(names = "--changes-per-second", defaultValue = "100", description = "Simulated product updates per second (default: ${DEFAULT-VALUE}).")
    int changesPerSecond;

    @Option(names = "--scores-per-second", defaultValue = "200", description = "Simulated score events per second (default: ${DEFAULT-VALUE}).")
    int scoresPerSecond;

    @Option(names = "--players", defaultValue = "5000", description = "Simulated players (default: ${DEFAULT-VALUE}).")
    int players;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the service binds (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", description = "Port of the service (default 8080, or a free one if 8080 is taken; 0 picks a free one).")
    Integer port;

    @Option(names = "--token", defaultValue = "${env:SLUICE_TOKEN}", description = "Access token (default: generated and printed).")
    String token;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Stop by itself after the service has run this long, e.g. 30s (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--status-every", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "TIME",
            description = "Print a status line this often while running (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        try (RunUntilStopped lifetime = new RunUntilStopped()) {
            try (DurableTarget target = DurableTarget.of(jdbcUrl, line -> {
                out.println(line);
                out.flush();
            })) {
                target.embedded().ifPresent(db -> out.printf(
                        "PostgreSQL on port %d (stopped and removed on exit): psql -h localhost -p %d -U postgres%n", db.port(), db.port()));
                SluiceConfig.Builder sluiceConfig = SluiceConfig.builder().jdbcUrl(target.jdbcUrl()).username(user).password(password).schema(schema)
                        .maxPoolSize(workers + VersioningTraffic.CONNECTIONS + 8);
                try (ServiceStack stack = startService(sluiceConfig, out)) {
                    if (jobs > 0) {
                        BurstDemo.run(stack.sluice(), jobs, workers, batch, out, lifetime::stopRequested);
                    }
                    if (!burstOnly && !lifetime.stopRequested()) {
                        runLive(stack, lifetime, out);
                    }
                    out.println("Stopping: traffic, workers, service, database...");
                    out.flush();
                }
            }
            out.println("Stopped; nothing left running.");
            out.flush();
        }
        return 0;
    }

    private void validate() {
        if (jobs < 0 || workers < 1 || batch < 1 || products < 1 || changesPerSecond < 1 || scoresPerSecond < 1 || players < 1) {
            throw new IllegalArgumentException("--jobs must be 0 or more; --workers, --batch, --products, --changes-per-second, "
                    + "--scores-per-second and --players must be positive.");
        }
    }

    /** Starts on the requested port; without {@code --port}, tries 8080 and falls back to a free port. */
    private ServiceStack startService(SluiceConfig.Builder sluiceConfig, PrintWriter out) {
        ServerConfig.Builder server = ServerConfig.builder().host(host).token(token == null || token.isBlank() ? null : token);
        if (port != null) {
            return ServiceStack.start(sluiceConfig, server.port(port).build(), true);
        }
        try {
            return ServiceStack.start(sluiceConfig, server.port(ServerConfig.DEFAULT_PORT).build(), true);
        } catch (RuntimeException e) {
            if (!portTaken(e)) {
                throw e;
            }
            out.printf("Port %d is taken; the service uses a free port instead (--port to choose one).%n", ServerConfig.DEFAULT_PORT);
            out.flush();
            return ServiceStack.start(sluiceConfig, server.port(0).build(), true);
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("already in use"))) {
                return true;
            }
        }
        return false;
    }

    /** The service with both applications under traffic, until Ctrl-C or the duration. */
    private void runLive(ServiceStack stack, RunUntilStopped lifetime, PrintWriter out) throws Exception {
        try (VersioningTraffic versioning = VersioningTraffic.start(stack.sluice(), schema + "_versioning", products, changesPerSecond, out);
             ScoreTraffic scores = new ScoreTraffic(stack.leaderboard().boards(), scoresPerSecond, players);
             EmailTraffic emails = new EmailTraffic(stack.sluice())) {
            SluiceServer server = stack.server();
            out.println();
            out.printf(Locale.ROOT, "Sluice is running: leaderboard (%,d score events/s from %,d players), versioning (%,d product updates/s),"
                    + " emails (10/s, one in %d bounces into dead letters)%n", scoresPerSecond, players, changesPerSecond, EmailTraffic.BOUNCE_ONE_IN);
            boolean configured = token != null && !token.isBlank();
            // A token the user chose is never printed (terminals get logged and shared); a generated one must be.
            out.printf("Dashboard:  %s%n", configured ? server.url() + "/  (sign in with your token)" : server.dashboardUrl());
            out.printf("Token:      %s%n", configured ? "(configured)" : server.token());
            out.printf("API:        %s/openapi.json   metrics: %s/metrics%n", server.url(), server.url());
            out.println(workersLine(stack.sluice()));
            out.printf("Try:        curl -H \"Authorization: Bearer %s\" %s/api/queues%n", configured ? "$SLUICE_TOKEN" : server.token(), server.url());
            out.println(duration == null ? "Press Ctrl-C to stop." : "Stopping by itself after " + duration.toSeconds() + " s (or Ctrl-C).");
            out.flush();
            long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Duration wait = Duration.ofNanos(Math.min(left, statusEvery.toNanos()));
                if (lifetime.await(wait)) {
                    break;
                }
                printStatus(stack, versioning, scores, emails, out);
            }
        }
    }

    /** Which queues have workers here: a message posted to a queue without any stays queued, and the demo says so. */
    static String workersLine(dev.sluice.Sluice sluice) {
        Map<String, Integer> running = sluice.runningWorkers();
        List<String> with = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (String queue : sluice.queues().list()) {
            if (running.containsKey(queue)) {
                with.add(queue + " (" + running.get(queue) + ")");
            } else {
                without.add(queue);
            }
        }
        return "Workers:    " + (with.isEmpty() ? "none" : String.join(", ", with))
                + (without.isEmpty() ? "" : "; no workers on " + String.join(", ", without) + " (messages posted there stay queued;"
                + " the dashboard's workers column shows it)");
    }

    private static void printStatus(ServiceStack stack, VersioningTraffic versioning, ScoreTraffic scores, EmailTraffic emails, PrintWriter out) {
        QueueStats queue = stack.sluice().queues().stats(NewPipeline.QUEUE);
        long failed = scores.failures() + versioning.failures() + emails.failures();
        out.printf(Locale.ROOT, "live: %,d score events ingested; %,d product updates, %,d versions written, versioning queue depth %,d;"
                + " %,d emails sent, %,d dead letters%s%n", scores.accepted(), versioning.changes(), versioning.versionsWritten(), queue.depth(),
                emails.sent(), stack.sluice().queues().stats(EmailTraffic.QUEUE).deadLetters(), failed > 0 ? "; failed traffic steps " + failed : "");
        out.flush();
    }
}

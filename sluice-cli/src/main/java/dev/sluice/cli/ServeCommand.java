package dev.sluice.cli;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the service (HTTP API, dashboard, streams, metrics) against a PostgreSQL until Ctrl-C.
 * Settings: flags, then {@code SLUICE_*} environment variables, then the {@code --config} file,
 * then the defaults of {@link ServerConfig}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run the service (HTTP API, dashboard, event streams, /metrics) until Ctrl-C.",
        description = {"Runs against your PostgreSQL. Settings come from flags, else environment variables (SLUICE_HOST, SLUICE_PORT, SLUICE_TOKEN, ...), else the --config properties file (host, port, token, public-leaderboard, ..., and jdbc-url, user, password, schema), else the defaults."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:SLUICE_CONFIG}",
            description = "Properties file with settings (env SLUICE_CONFIG).")
    Path configFile;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", description = "TCP port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--token", description = "Admin bearer token, of every endpoint that is not public (reads and writes), 16+ characters (default: generated and printed).")
    String token;

    @Option(names = "--read-token", description = "Optional read-only token: queue statistics, dead letters and the streams, no writes; 16+ characters (env SLUICE_READ_TOKEN).")
    String readToken;

    @Option(names = "--public-leaderboard", arity = "1", paramLabel = "BOOL", description = "Leaderboard reads need no token (default true).")
    Boolean publicLeaderboard;

    @Option(names = "--public-metrics", arity = "1", paramLabel = "BOOL", description = "/metrics needs no token (default true).")
    Boolean publicMetrics;

    @Option(names = "--max-body-bytes", description = "Largest request body (default 1048576).")
    Integer maxBodyBytes;

    @Option(names = "--max-batch-size", description = "Most messages or score events per batch request (default 10000).")
    Integer maxBatchSize;

    @Option(names = "--max-stream-clients", description = "Open anonymous event streams (public leaderboard) allowed at once (default 5000).")
    Integer maxStreamClients;

    @Option(names = "--max-token-stream-clients", description = "Open event streams of token holders (dashboards), counted apart (default 100).")
    Integer maxTokenStreamClients;

    @Option(names = "--leaderboard", arity = "1", paramLabel = "BOOL",
            description = "Serve the leaderboard (and create its tables). Default: on when the schema already has them, else off (env SLUICE_LEADERBOARD, file key leaderboard).")
    Boolean leaderboard;

    @Option(names = "--pool-size", defaultValue = "16", description = "Database connections (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Stop by itself after this long, e.g. 30s (default: run until Ctrl-C).")
    Duration duration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Properties file = configFile == null ? new Properties() : ServerConfig.readProperties(configFile);
        db.applyFileDefaults(file, spec.commandLine().getParseResult());
        ServerConfig config = serverConfig(file);
        PrintWriter out = spec.commandLine().getOut();
        try (RunUntilStopped lifetime = new RunUntilStopped()) {
            boolean withLeaderboard = leaderboardEnabled(file);
            try (ServiceStack stack = ServiceStack.start(db.config().maxPoolSize(poolSize), config, withLeaderboard)) {
                SluiceServer server = stack.server();
                out.printf("Sluice service on %s (schema %s%s)%n", server.url(), db.schema,
                        withLeaderboard ? ", with the leaderboard" : "; leaderboard off: --leaderboard true to serve it");
                // A configured token is never printed, not even in the dashboard URL's fragment.
                out.printf("Dashboard:  %s%n", config.token() == null ? server.dashboardUrl() : server.url() + "/  (sign in with your token)");
                out.printf("Token:      %s%n", config.token() == null ? server.token() + "  (generated; set --token or SLUICE_TOKEN to fix one)" : "(configured)");
                if (config.readToken() != null) {
                    out.println("Read token: (configured)");
                }
                out.printf("API:        %s/openapi.json   metrics: %s/metrics%n", server.url(), server.url());
                out.println("Press Ctrl-C to stop.");
                out.flush();
                lifetime.await(duration);
                out.println("Stopping...");
                out.flush();
            }
            out.println("Stopped.");
            out.flush();
        }
        return 0;
    }

    /**
     * Whether to serve the leaderboard: the flag, else {@code SLUICE_LEADERBOARD}, else the file's
     * {@code leaderboard}, else whether the schema already has the leaderboard's tables, so that a
     * queue-only schema never gets them unasked.
     */
    boolean leaderboardEnabled(Properties file) {
        if (leaderboard != null) {
            return leaderboard;
        }
        String env = System.getenv("SLUICE_LEADERBOARD");
        if (env != null && !env.isBlank()) {
            return bool("SLUICE_LEADERBOARD", env);
        }
        String key = file.getProperty("leaderboard");
        if (key != null && !key.isBlank()) {
            return bool("leaderboard", key);
        }
        return db.hasLeaderboardTables();
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false; got \"" + value + "\".");
        };
    }

    /** Defaults, then the file, then the environment, then the flags given: each overrides the one before. */
    ServerConfig serverConfig(Properties file) {
        ServerConfig.Builder b = ServerConfig.builder().properties(file).environment(System.getenv());
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(port);
        }
        if (token != null) {
            b.token(token);
        }
        if (publicLeaderboard != null) {
            b.publicLeaderboard(publicLeaderboard);
        }
        if (publicMetrics != null) {
            b.publicMetrics(publicMetrics);
        }
        if (maxBodyBytes != null) {
            b.maxBodyBytes(maxBodyBytes);
        }
        if (maxBatchSize != null) {
            b.maxBatchSize(maxBatchSize);
        }
        if (maxStreamClients != null) {
            b.maxStreamClients(maxStreamClients);
        }
        if (readToken != null) {
            b.readToken(readToken);
        }
        if (maxTokenStreamClients != null) {
            b.maxTokenStreamClients(maxTokenStreamClients);
        }
        return b.build();
    }
}

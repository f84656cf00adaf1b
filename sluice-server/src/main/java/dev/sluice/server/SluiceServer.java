package dev.sluice.server;

import dev.sluice.Sluice;
import dev.sluice.server.api.Access;
import dev.sluice.server.api.ApiException;
import dev.sluice.server.api.RequestIds;
import dev.sluice.server.api.SecurityHeaders;
import dev.sluice.server.api.ErrorMapping;
import dev.sluice.server.api.LeaderboardRoutes;
import dev.sluice.server.api.QueueRoutes;
import dev.sluice.server.api.Route;
import dev.sluice.server.api.RouteTable;
import dev.sluice.server.api.ClaimRoutes;
import dev.sluice.server.api.LimitRoutes;
import dev.sluice.server.api.ScheduleRoutes;
import dev.sluice.server.api.StreamRoutes;
import dev.sluice.server.api.SystemRoutes;
import dev.sluice.server.auth.BearerAuth;
import dev.sluice.server.auth.Principal;
import dev.sluice.server.auth.StreamTickets;
import dev.sluice.server.leaderboard.LeaderboardService;
import dev.sluice.server.leaderboard.LeaderboardStream;
import dev.sluice.server.metrics.HttpMetrics;
import dev.sluice.server.sse.QueueStatsStream;
import dev.sluice.server.sse.SseHub;
import dev.sluice.server.sse.StreamLimit;
import dev.sluice.streams.Streams;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sluice service: JSON API, Server-Sent Event streams, dashboard and metrics over one running
 * {@link Sluice}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = SluiceServer.newMeterRegistry();
 * Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).meterRegistry(registry).build());
 * try (SluiceServer server = SluiceServer.start(sluice, ServerConfig.builder().port(0).build())) {
 *     System.out.println("Dashboard: " + server.dashboardUrl());
 * }
 * }</pre>
 *
 * <p>{@code /metrics} shows the registry that Sluice was configured with when it is a
 * {@link PrometheusMeterRegistry} (so queue and worker metrics appear), otherwise a registry of its
 * own. Closing the server does not close the {@link Sluice}.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SluiceServer.class);

    private final Javalin app;
    private final ServerConfig config;
    private final String token;
    private final List<Route> routes;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    private final List<SseHub> hubs;
    private final StreamLimit streamLimit;
    private final StreamLimit tokenStreamLimit;
    private final PrometheusMeterRegistry registry;

    private final LeaderboardStream leaderboardStream;
    private final boolean hasStreams;

    private SluiceServer(Sluice sluice, LeaderboardService leaderboard, Streams streams, ServerConfig config) {
        this.config = config;
        this.hasStreams = streams != null;
        this.token = config.token() != null ? config.token() : generateToken();
        this.registry = sluice.config().meterRegistry() instanceof PrometheusMeterRegistry p ? p : newMeterRegistry();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sluice-server-timer"));
        this.senders = Executors.newFixedThreadPool(4, daemon("sluice-sse-sender"));
        // Anonymous streams (the public leaderboard) and token holders' streams (the dashboard) have
        // limits of their own: anonymous clients filling theirs never lock the operator out.
        this.streamLimit = new StreamLimit(config.maxStreamClients());
        this.tokenStreamLimit = new StreamLimit(config.maxTokenStreamClients());
        StreamTickets tickets = new StreamTickets();
        BearerAuth auth = new BearerAuth(token, config.readToken(), tickets, config.consumerTokens());
        SseHub queueHub = new SseHub("queues", senders);
        QueueStatsStream queueStream = new QueueStatsStream(sluice.queues(), sluice::runningWorkers, queueHub, timer,
                config.streamInterval().toMillis());
        this.leaderboardStream = leaderboard == null ? null : new LeaderboardStream(leaderboard, senders, timer, config.streamInterval());
        List<SseHub> all = new java.util.ArrayList<>(List.of(queueHub));
        if (leaderboardStream != null) {
            all.addAll(leaderboardStream.hubs());
        }
        this.hubs = List.copyOf(all);
        timer.scheduleAtFixedRate(() -> hubs.forEach(SseHub::ping), 15, 15, TimeUnit.SECONDS);
        Gauge.builder("sluice.server.sse.clients", this, SluiceServer::streamClients)
                .description("Open Server-Sent Event connections").strongReference(true).register(registry);
        HttpMetrics httpMetrics = new HttpMetrics(registry);
        RouteTable[] table = new RouteTable[1];
        try {
            this.app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.http.maxRequestSize = config.maxBodyBytes();
                cfg.jetty.modifyServer(server -> server.setErrorHandler(new dev.sluice.server.api.JettyErrors()));
                cfg.requestLogger.http(httpMetrics::record);
                cfg.routes.before(ctx -> {
                    RequestIds.assign(ctx);
                    SecurityHeaders.apply(ctx);
                });
                table[0] = new RouteTable(cfg.routes, auth, config.publicLeaderboard(), config.publicMetrics());
                new SystemRoutes(sluice, registry).register(table[0]);
                table[0].post("/api/stream-tickets", Access.READ, ctx -> streamTicket(ctx, tickets));
                new QueueRoutes(sluice, config.maxBodyBytes(), config.maxBatchSize()).register(table[0], stream(queueStream.hub()));
                new ScheduleRoutes(sluice, config.maxBodyBytes()).register(table[0]);
                new LimitRoutes(sluice, config.maxBodyBytes()).register(table[0]);
                new ClaimRoutes(sluice, config.maxBodyBytes(), config.maxBatchSize()).register(table[0]);
                if (leaderboard != null) {
                    new LeaderboardRoutes(leaderboard, config.maxBodyBytes(), config.maxBatchSize()).register(table[0], leaderboardStream, this::stream);
                }
                if (streams != null) {
                    new StreamRoutes(streams, config.maxBodyBytes(), config.maxBatchSize(), sluice.config().maxPayloadBytes()).register(table[0]);
                }
                ErrorMapping.register(cfg.routes);
            }).start(config.host(), config.port());
        } catch (RuntimeException e) {
            closeQuietly(leaderboardStream);
            timer.shutdownNow();
            senders.shutdownNow();
            throw e;
        }
        this.routes = table[0].routes();
        log.info("Sluice service listening on {}", url());
    }

    /** Starts the service over a running Sluice, without leaderboard routes; the caller keeps ownership of {@code sluice}. */
    public static SluiceServer start(Sluice sluice, ServerConfig config) {
        return new SluiceServer(sluice, null, null, config);
    }

    /**
     * Starts the service with leaderboard routes served by {@code leaderboard} (null: none). The
     * caller keeps ownership of both.
     */
    public static SluiceServer start(Sluice sluice, LeaderboardService leaderboard, ServerConfig config) {
        return new SluiceServer(sluice, leaderboard, null, config);
    }

    /**
     * Starts the service with leaderboard routes (null: none) and event stream routes served by
     * {@code streams} (null: none). The caller keeps ownership of all three.
     */
    public static SluiceServer start(Sluice sluice, LeaderboardService leaderboard, Streams streams, ServerConfig config) {
        return new SluiceServer(sluice, leaderboard, streams, config);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Could not close {}: {}", closeable, e.toString());
            }
        }
    }

    /** A Prometheus registry with JVM metrics; pass it to {@code SluiceConfig.meterRegistry} before starting Sluice. */
    public static PrometheusMeterRegistry newMeterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvm(registry);
        return registry;
    }

    private static void bindJvm(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /**
     * An SSE route: 406 unless the client accepts an event stream; counts against the limit of
     * anonymous or of token holders' streams (503 when full) and joins the hub.
     */
    private Handler stream(SseHub hub) {
        return ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ApiException(406, "not_acceptable", "This is a Server-Sent Event stream: send the header Accept: text/event-stream"
                        + " (curl -N -H 'Accept: text/event-stream' ...).");
            }
            Principal who = ctx.attribute(RouteTable.PRINCIPAL);
            boolean anonymous = who == null || who == Principal.ANONYMOUS;
            StreamLimit limit = anonymous ? streamLimit : tokenStreamLimit;
            if (!limit.tryAcquire()) {
                throw new ApiException(503, "too_many_streams", "This service already serves " + limit.max()
                        + (anonymous ? " anonymous event streams; retry later or raise maxStreamClients."
                                : " event streams of token holders; retry later or raise maxTokenStreamClients."));
            }
            try {
                new SseHandler(client -> hub.add(client, limit)).handle(ctx);
            } catch (Exception e) {
                limit.release();
                throw e;
            }
        };
    }

    private static void streamTicket(io.javalin.http.Context ctx, StreamTickets tickets) {
        Principal who = ctx.attribute(RouteTable.PRINCIPAL);
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("ticket", tickets.issue(who));
        out.put("expiresInSeconds", StreamTickets.LIFETIME.toSeconds());
        dev.sluice.server.api.Json.write(ctx, 201, out);
    }

    private static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The TCP port the service listens on (the chosen one when the configured port was 0). */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** The dashboard URL with the token in its fragment (never sent to the server, never logged). */
    public String dashboardUrl() {
        return url() + "/#token=" + token;
    }

    /** The admin bearer token, of every endpoint that is not public (the configured one, or the generated one). */
    public String token() {
        return token;
    }

    /** The registry served at {@code /metrics}. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /** Every route with its access rule. */
    public List<Route> routes() {
        return routes;
    }

    /** Whether leaderboard routes are served (a leaderboard was given at start). */
    public boolean hasLeaderboard() {
        return leaderboardStream != null;
    }

    /** Whether event stream routes are served (a Streams was given at start). */
    public boolean hasStreams() {
        return hasStreams;
    }

    /** Open Server-Sent Event connections now, anonymous and of token holders. */
    public int streamClients() {
        return streamLimit.open() + tokenStreamLimit.open();
    }

    public ServerConfig config() {
        return config;
    }

    /** Ends every event stream and stops the HTTP server. Does not close the Sluice. */
    @Override
    public void close() {
        closeQuietly(leaderboardStream); // first: its paced frames are scheduled on the timer
        timer.shutdownNow();
        hubs.forEach(SseHub::closeAll);
        app.stop();
        senders.shutdownNow();
    }
}

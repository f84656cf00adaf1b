package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.streams.Streams;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice, the leaderboard and the HTTP service, started in that order and closed in reverse: what
 * {@code serve} runs, and what {@code demo} runs its traffic against.
 */
final class ServiceStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceStack.class);

    private final Sluice sluice;
    private final LeaderboardFactory.Opened leaderboard;
    private final Streams streams;
    private final SluiceServer server;

    private ServiceStack(Sluice sluice, LeaderboardFactory.Opened leaderboard, Streams streams, SluiceServer server) {
        this.sluice = sluice;
        this.leaderboard = leaderboard;
        this.streams = streams;
        this.server = server;
    }

    /**
     * Starts Sluice (migrating the core) with a Prometheus registry, so queue and worker metrics show
     * at {@code /metrics}; with {@code withLeaderboard}, also the leaderboard (migrating its tables)
     * and its routes. Without it, nothing of the leaderboard is created. Event streams are always
     * served (their tables are created on start, and their retention runs in this process).
     */
    static ServiceStack start(SluiceConfig.Builder sluiceConfig, ServerConfig serverConfig, boolean withLeaderboard) {
        PrometheusMeterRegistry registry = SluiceServer.newMeterRegistry();
        Sluice sluice = Sluice.start(sluiceConfig.meterRegistry(registry).build());
        LeaderboardFactory.Opened leaderboard = null;
        Streams streams = null;
        try {
            leaderboard = withLeaderboard ? LeaderboardFactory.open(sluice) : null;
            streams = Streams.start(sluice);
            SluiceServer server = SluiceServer.start(sluice, leaderboard == null ? null : leaderboard.service(), streams, serverConfig);
            return new ServiceStack(sluice, leaderboard, streams, server);
        } catch (RuntimeException e) {
            closeQuietly(streams);
            closeQuietly(leaderboard);
            sluice.close();
            throw e;
        }
    }

    Sluice sluice() {
        return sluice;
    }

    /** The leaderboard, or null when it is not enabled. */
    LeaderboardFactory.Opened leaderboard() {
        return leaderboard;
    }

    SluiceServer server() {
        return server;
    }

    /** Stops the HTTP service first (no new requests), then the leaderboard, then Sluice's workers and pool. */
    @Override
    public void close() {
        closeQuietly(server);
        closeQuietly(streams);
        closeQuietly(leaderboard);
        sluice.close();
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Could not close {}: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}

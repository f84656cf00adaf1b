package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
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
    private final SluiceServer server;

    private ServiceStack(Sluice sluice, LeaderboardFactory.Opened leaderboard, SluiceServer server) {
        this.sluice = sluice;
        this.leaderboard = leaderboard;
        this.server = server;
    }

    /**
     * Starts Sluice (migrating the core) with a Prometheus registry, so queue and worker metrics show
     * at {@code /metrics}; with {@code withLeaderboard}, also the leaderboard (migrating its tables)
     * and its routes. Without it, nothing of the leaderboard is created.
     */
    static ServiceStack start(SluiceConfig.Builder sluiceConfig, ServerConfig serverConfig, boolean withLeaderboard) {
        PrometheusMeterRegistry registry = SluiceServer.newMeterRegistry();
        Sluice sluice = Sluice.start(sluiceConfig.meterRegistry(registry).build());
        LeaderboardFactory.Opened leaderboard = null;
        try {
            leaderboard = withLeaderboard ? LeaderboardFactory.open(sluice) : null;
            SluiceServer server = SluiceServer.start(sluice, leaderboard == null ? null : leaderboard.service(), serverConfig);
            return new ServiceStack(sluice, leaderboard, server);
        } catch (RuntimeException e) {
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

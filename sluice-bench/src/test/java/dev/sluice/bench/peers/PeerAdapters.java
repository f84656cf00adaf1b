package dev.sluice.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.TestDatabase;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/** Runs one peer adapter on a small N in its own fresh database: enqueue, burn-down, a short latency run, end state. */
final class PeerAdapters {
    private PeerAdapters() {
    }

    static void runSmall(Peer peer, int jobs) throws Exception {
        PeerServer server = new PeerServer(TestDatabase.jdbcUrl());
        try {
            peer.checkAvailable(server.url());
        } catch (PeerUnavailable e) {
            Assumptions.abort(e.getMessage());
        }
        String url = server.freshDatabase(peer.name());
        try (peer) {
            peer.open(url);
            AtomicLong enqueued = new AtomicLong();
            assertThat(peer.enqueue(0, jobs, enqueued)).isPositive();
            assertThat(enqueued.get()).isEqualTo(jobs);
            HandledIds ids = new HandledIds(jobs);
            assertThat(peer.burnDown(jobs, ids, new AtomicLong())).isPositive();
            assertThat(ids.verdict().exactlyOnce()).as(ids.verdict().toString()).isTrue();
            assertThat(peer.pending()).isZero();

            double[] latency = new double[50];
            HandledIds latencyIds = new HandledIds(50);
            peer.latency(100, 50, latency, latencyIds, new AtomicLong());
            assertThat(latencyIds.verdict().exactlyOnce()).as(latencyIds.verdict().toString()).isTrue();
            assertThat(java.util.Arrays.stream(latency).min().orElseThrow()).isGreaterThanOrEqualTo(0);
            assertThat(peer.pending()).isZero();
        } finally {
            server.drop(peer.name());
        }
    }
}

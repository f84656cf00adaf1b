package dev.sluice.bench.peers;

import org.junit.jupiter.api.Test;

/**
 * The in-JVM peer adapters on a small N (JobRunr's runs in {@link PeersBenchmarkTest}). PgQ is
 * skipped, with the reason, when the server lacks the pgq extension (the embedded PostgreSQL 17
 * does; set SLUICE_TEST_JDBC_URL to a Debian server with postgresql-NN-pgq3 to run it).
 */
class PeerAdaptersTest {

    @Test
    void sluice() throws Exception {
        PeerAdapters.runSmall(new SluicePeer(2, 50), 500);
    }

    @Test
    void dbScheduler() throws Exception {
        PeerAdapters.runSmall(new DbSchedulerPeer(), 300);
    }

    @Test
    void sluiceStreams() throws Exception {
        PeerAdapters.runSmall(new StreamsPeer(), 500);
    }

    @Test
    void pgq() throws Exception {
        PeerAdapters.runSmall(new PgqPeer(), 300);
    }
}

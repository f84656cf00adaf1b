package dev.sluice.bench.peers;

import org.junit.jupiter.api.Test;

/**
 * Graphile Worker and pg-boss on a small N, run by node; skipped, with the reason, when node is
 * not on PATH or npm cannot install them from the registry.
 */
class NodePeersTest {

    @Test
    void graphileWorker() throws Exception {
        PeerAdapters.runSmall(NodePeer.graphile(), 200);
    }

    @Test
    void pgBoss() throws Exception {
        PeerAdapters.runSmall(NodePeer.pgboss(), 200);
    }
}

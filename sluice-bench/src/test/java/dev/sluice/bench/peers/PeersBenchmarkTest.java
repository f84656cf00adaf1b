package dev.sluice.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bench.Result;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The harness on a tiny load with the Java peers: one JSON line with every peer's figures, checks and settings. */
class PeersBenchmarkTest {

    @Test
    void javaPeersOnATinyLoadEndWithOneJsonLine() throws Exception {
        PeersOptions options = PeersOptions.parse(new String[] {"--jdbc-url", TestDatabase.jdbcUrl(), "--jobs", "100",
            "--peers", "sluice,db-scheduler,jobrunr", "--rate", "50", "--latency-seconds", "1", "--peer-seconds", "5",
            "--allow-non-durable"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result result = PeersBenchmark.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode json = PayloadCodec.tree(lines[0]);
        assertThat(json.get("server").get("fsync").asText()).isNotEmpty();
        assertThat(json.get("order").get(0).toString()).isEqualTo("[\"sluice\",\"db-scheduler\",\"jobrunr\"]");
        for (String peer : new String[] {"sluice", "db-scheduler", "jobrunr"}) {
            JsonNode p = json.get("peers").get(peer);
            assertThat(p.get("burn_per_s").asDouble()).as(peer).isPositive();
            assertThat(p.get("enqueue_per_s").asDouble()).as(peer).isPositive();
            assertThat(p.has("latency_p99_ms")).as(peer).isTrue();
            assertThat(p.get("settings").size()).as(peer).isPositive();
            assertThat(p.get("runs")).hasSize(1);
            for (JsonNode run : p.get("runs")) {
                assertThat(run.get("exactly_once").asBoolean()).as(run.toString()).isTrue();
                assertThat(run.get("pending_after").asLong()).isZero();
            }
        }
        assertThat(json.get("peers").get("db-scheduler").has("sluice_burn_ratio")).isTrue();
        assertThat(json.has("sluice_vs_fastest_peer_burn")).isTrue();
        assertThat(json.get("all_runs_valid").asBoolean()).isTrue();
        assertThat(PayloadCodec.tree(result.toJson())).isEqualTo(json);
    }

    @Test
    void peersAlternateTheirOrderAcrossRepetitions() {
        java.util.List<String> peers = java.util.List.of("sluice", "db-scheduler", "jobrunr");
        assertThat(PeersBenchmark.order(peers, 1)).containsExactly("sluice", "db-scheduler", "jobrunr");
        assertThat(PeersBenchmark.order(peers, 2)).containsExactly("jobrunr", "db-scheduler", "sluice");
        assertThat(PeersBenchmark.order(peers, 3)).isEqualTo(PeersBenchmark.order(peers, 1));
    }

    @Test
    void refusesAServerWithoutDurableCommits() {
        // The test server runs with fsync off; without --allow-non-durable the run must not start.
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isEmbedded(), "needs the embedded (fsync=off) test server");
        PeersOptions options = PeersOptions.parse(new String[] {"--jdbc-url", TestDatabase.jdbcUrl(), "--peers", "sluice"});
        assertThatThrownBy(() -> PeersBenchmark.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fsync=off");
    }
}

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
    void sluiceStreamsIsShownButNotComparedWith() {
        // Sluice's own event log, the PgQ-like model, must not become "the fastest peer" nor set the latency goal.
        PeersOptions options = PeersOptions.parse(new String[] {"--peers", "sluice,pgq,sluice-streams"});
        HandledIds.Verdict once = new HandledIds.Verdict(10, 0, 0, 0, java.util.List.of());
        java.util.List<PeerRun> runs = java.util.List.of(
                new PeerRun("sluice", 1, 10, false, 1, 100, 1, 5, 10, once, 0, null, null),
                new PeerRun("pgq", 1, 10, false, 1, 50, 1, 9, 10, once, 0, null, null),
                new PeerRun("sluice-streams", 1, 10, false, 1, 1_000, 1, 2, 10, once, 0, null, null));
        java.util.Map<String, Object> f = new PeersReport(options, java.util.Map.of(), false, java.util.List.of(), runs, java.util.Map.of()).figures();
        assertThat(f.get("fastest_peer")).isEqualTo("pgq");
        assertThat(f.get("sluice_vs_fastest_peer_burn")).isEqualTo(2.0);
        assertThat(f.get("goal_latency_p99_no_worse_than_any_peer")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        java.util.Map<String, java.util.Map<String, Object>> peers = (java.util.Map<String, java.util.Map<String, Object>>) f.get("peers");
        assertThat(peers.get("sluice-streams").get("counts_for_goals")).isEqualTo(false);
        assertThat(peers.get("sluice-streams").get("sluice_burn_ratio")).isEqualTo(0.1);
    }

    @Test
    void eachRepetitionIsComparedWithSluicesRunOfTheSameRepetition() {
        PeersOptions options = PeersOptions.parse(new String[] {"--peers", "sluice,db-scheduler", "--repetitions", "2"});
        HandledIds.Verdict once = new HandledIds.Verdict(10, 0, 0, 0, java.util.List.of());
        java.util.List<PeerRun> runs = java.util.List.of(
                new PeerRun("sluice", 1, 10, false, 1, 100, 1, 5, 10, once, 0, null, null),
                new PeerRun("db-scheduler", 1, 10, false, 1, 10, 1, 9, 10, once, 0, null, null),
                new PeerRun("db-scheduler", 2, 10, false, 1, 20, 1, 9, 10, once, 0, null, null),
                new PeerRun("sluice", 2, 10, false, 1, 300, 1, 5, 10, once, 0, null, null));
        PeersReport report = new PeersReport(options, java.util.Map.of(), false, java.util.List.of(), runs, java.util.Map.of());
        @SuppressWarnings("unchecked")
        java.util.Map<String, java.util.Map<String, Object>> peers =
                (java.util.Map<String, java.util.Map<String, Object>>) report.figures().get("peers");
        assertThat(peers.get("db-scheduler").get("sluice_burn_ratios_by_repetition")).isEqualTo(java.util.List.of(10.0, 15.0));
        assertThat(peers.get("db-scheduler").get("sluice_burn_ratio")).as("medians: 200 / 15").isEqualTo(13.33);
        assertThat(report.table()).contains("10.00x").contains("15.00x");
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

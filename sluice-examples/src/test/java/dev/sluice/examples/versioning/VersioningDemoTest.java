package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness on a small table, every node in this JVM (DeploymentTest runs them as
 * separate JVMs), with a modelled network: every pipeline finishes at each RTT with a correct end
 * state (the harness checks it after every run), and the JSON line carries every promised figure.
 */
class VersioningDemoTest {

    @Test
    void smallRunMeasuresEveryPipelineAtEachRtt() throws Exception {
        DemoOptions options = new DemoOptions(TestDatabase.jdbcUrl(), 5_000, 450, 150, false, 4, 150, Duration.ofMinutes(2),
                TestDatabase.freshSchemaName("vdemo"), List.of(Duration.ofMillis(1), Duration.ZERO), VersioningDeployment.Mode.IN_PROCESS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VersioningDemo.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        JsonNode json = PayloadCodec.tree(lines[lines.length - 1]);
        for (String field : new String[] {"old_per_s", "new_per_s", "new_1_worker_per_s", "speedup", "new_db_ops_per_record", "old_db_ops_per_record"}) {
            assertThat(json.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(json.get("network_rtt_ms").asDouble()).isEqualTo(1.0);
        assertThat(json.get("deployment").asText()).isEqualTo("in-process");
        assertThat(json.get("old_complete").asBoolean()).isTrue();
        assertThat(json.get("old_service_calls").asLong()).as("one call per record").isEqualTo(150);
        assertThat(json.get("new_service_calls").asLong()).as("one call per batch").isBetween(3L, 149L);
        // Per record, the old pipeline crosses the network 9 times: 3 HTTP calls, 2 reads, 3 writes and a commit.
        assertThat(json.get("old_round_trips_per_record").asDouble()).isBetween(9.0, 9.5);
        assertThat(json.get("old_db_ops_per_record").asDouble()).isBetween(6.0, 6.5);
        // Per batch, counted per connection lease: one bulk read each in the Product and User services; in the
        // workers' batch transaction, the claim and the one write sent with its commit. Four operations, four
        // database round trips, whatever idle workers do meanwhile (counted apart); at most one more in a run
        // of a few batches: Sluice re-reads the queue's limits once every 5 s, before a claim, on its connection.
        assertThat(json.get("new_db_ops_per_batch").asDouble()).as("claim, product read, user read, write with commit").isBetween(4.0, 5.0);
        assertThat(json.get("new_db_round_trips_per_batch").asDouble()).as("the batch path's database round trips")
                .isEqualTo(json.get("new_db_ops_per_batch").asDouble());
        assertThat(json.get("new_db_ops_per_batch_all_counted").asDouble()).isGreaterThanOrEqualTo(4.0);
        assertThat(json.get("new_empty_claims_per_batch").asDouble()).isNotNegative();
        JsonNode byNode = json.get("new_db_ops_per_batch_by_node_all_counted");
        assertThat(byNode.get("product").asDouble()).as("one bulk product read per batch").isEqualTo(1.0);
        assertThat(byNode.get("user").asDouble()).as("one bulk user read per batch").isEqualTo(1.0);
        assertThat(byNode.get("versioning").asDouble()).as("the Versioning service reads nothing itself").isZero();
        assertThat(byNode.get("workers").asDouble()).as("claim, write with commit, and what idle workers did").isGreaterThanOrEqualTo(2.0);
        // By hop, at 1 ms (where the relays count exactly): per batch one request to each service; in the
        // database at least the batch path's four round trips.
        JsonNode hops = json.get("new_round_trips_per_batch_by_hop");
        assertThat(hops.get("versioning").asDouble()).as("one Versioning call per batch").isEqualTo(1.0);
        assertThat(hops.get("product").asDouble()).as("one Product call per batch").isEqualTo(1.0);
        assertThat(hops.get("user").asDouble()).as("one User call per batch").isEqualTo(1.0);
        assertThat(hops.get("db").asDouble()).isGreaterThanOrEqualTo(4.0);
        JsonNode oldHops = json.get("old_round_trips_per_record_by_hop");
        assertThat(oldHops.get("versioning").asDouble()).as("one Versioning call per record").isEqualTo(1.0);
        assertThat(oldHops.get("db").asDouble()).as("2 reads, 3 writes, a commit, and the scan shared by all").isBetween(6.0, 6.1);
        assertThat(json.get("new_write_seconds").asDouble()).isPositive().isLessThanOrEqualTo(json.get("new_seconds").asDouble());
        assertThat(json.get("speedup_at_rtt").has("1")).isTrue();
        assertThat(json.get("speedup_at_rtt").has("0")).isTrue();
        assertThat(text).contains("Before (cron + scan)", "Speedup by network RTT", "fsync=", "Where the time goes at RTT 1 ms");
    }

    @Test
    void defaultsRunTheIssuesTargetsWithTheHeadlineAtHalfAMillisecond() {
        DemoOptions d = DemoOptions.parse(new String[0]);
        assertThat(d.networkRtts()).containsExactly(Duration.ZERO, Duration.ofNanos(200_000), Duration.ofNanos(500_000), Duration.ofMillis(1));
        assertThat(d.headlineRtt()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(d.scaling()).isTrue();
        assertThat(d.changes()).isEqualTo(10_000);
        assertThat(d.oldChanges()).isEqualTo(2_000);
        assertThat(DemoOptions.parse(new String[] {"--no-scaling", "--network-rtt", "1ms,0"}).headlineRtt()).isEqualTo(Duration.ofMillis(1));
        assertThat(DemoOptions.parse(new String[] {"--no-scaling"}).scaling()).isFalse();
        assertThat(DemoOptions.parse(new String[] {"--changes", "500", "--products", "1000"}).oldChanges()).isEqualTo(500);
    }

    @Test
    void rttsAreReadInMicrosecondsMillisecondsOrSecondsAndBadOnesNamed() {
        assertThat(DemoOptions.parseRtts("0,0.2ms,500us,1")).containsExactly(Duration.ZERO, Duration.ofMillis(2).dividedBy(10),
                Duration.ofNanos(500_000), Duration.ofMillis(1));
        assertThatThrownBy(() -> DemoOptions.parseRtts("fast")).hasMessageContaining("\"fast\"").hasMessageContaining("0.5ms");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--changes", "10", "--old-changes", "20", "--products", "100"}))
                .hasMessageContaining("--old-changes");
    }
}

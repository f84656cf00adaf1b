package dev.sluice.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stream harness on a tiny load: the held-snapshot part run short, and Kafka's end-to-end latency beside Sluice's. */
class StreamBenchmarkTest {

    private static JsonNode run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StreamBenchmark.run(StreamBenchOptions.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        return PayloadCodec.tree(lines[0]);
    }

    @Test
    void heldSnapshotPartSamplesDeadTuplesAndReadThroughputOverTime() throws Exception {
        JsonNode json = run("--jdbc-url", TestDatabase.jdbcUrl(), "--parts", "held", "--hold-snapshot", "3s", "--held-sample", "1s",
                "--held-rate", "1000", "--kafka", "off");
        assertThat(json.get("held_snapshot_s").asLong()).isEqualTo(3);
        assertThat(json.get("held_samples").size()).isBetween(2, 4);
        assertThat(json.get("unheld_samples").size()).isBetween(2, 4);
        for (JsonNode sample : json.get("held_samples")) {
            for (String field : new String[] {"t_s", "appended_per_s", "read_per_s", "lag_events", "events_dead", "events_live",
                    "positions_dead", "positions_bytes", "probe_read_per_s"}) {
                assertThat(sample.has(field)).as(field).isTrue();
            }
            assertThat(sample.get("probe_read_per_s").asLong()).isPositive();
        }
        // Append-only events and a position that only moves: no event is ever deleted, held snapshot or not.
        assertThat(json.get("held_events_dead_tuples_max").asLong()).isZero();
        assertThat(json.has("held_read_ratio_median_to_unheld")).isTrue();
        assertThat(json.get("held_kept_up").isBoolean()).isTrue();
    }

    @Test
    void kafkaEndToEndLatencyRunsBesideSluices() throws Exception {
        JsonNode json = run("--jdbc-url", TestDatabase.jdbcUrl(), "--parts", "latency", "--latency-rate", "50", "--latency-seconds", "2",
                "--latency-subscriptions", "1,2", "--kafka", "on");
        for (String field : new String[] {"latency_1sub_p50_ms", "latency_2sub_p99_ms", "commit_to_handler_2sub_p99_ms",
                "kafka_latency_1group_p50_ms", "kafka_latency_2group_p99_ms", "kafka_ack_to_handler_2group_p99_ms"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("kafka_latency_2group_p99_ms").asDouble()).isPositive();
    }

    @Test
    void badOptionsSayWhatIsAllowed() {
        assertThatThrownBy(() -> StreamBenchOptions.parse(new String[] {"--parts", "held,everything"})).hasMessageContaining("--parts takes");
        assertThatThrownBy(() -> StreamBenchOptions.parse(new String[] {"--held-rate", "10"})).hasMessageContaining("--held-rate must be");
        assertThat(StreamBenchOptions.parse(new String[] {"--hold-with-xid", "--kafka", "off"}).holdWithXid()).isTrue();
        assertThat(StreamBenchOptions.parse(new String[0]).holdSnapshot().toSeconds()).isEqualTo(300);
    }
}

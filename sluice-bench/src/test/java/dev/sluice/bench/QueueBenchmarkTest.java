package dev.sluice.bench;

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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness itself, on a tiny load: every phase runs, and the JSON line holds the promised fields. */
class QueueBenchmarkTest {

    @Test
    void smallRunOfEveryPhaseEndsWithOneParsableJsonLine() throws Exception {
        QueueBenchOptions options = new QueueBenchOptions(TestDatabase.jdbcUrl(), 3_000, 2, 150, 200, Duration.ofSeconds(1),
                Duration.ofSeconds(2), List.of(1, 2), 2_000, 2_000, QueueBenchOptions.ALL_PHASES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result result = QueueBenchmark.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode json = PayloadCodec.tree(lines[0]);
        for (String field : Set.of("enqueue_per_s", "process_per_s", "sql_baseline_process_per_s", "ratio_vs_sql_baseline",
                "latency_p50_ms", "latency_p99_ms", "latency_sql_baseline_p50_ms", "latency_polling_p50_ms", "latency_polling_p99_ms",
                "held_snapshot_ratio", "dead_tuples_max", "scaling_1_processes_per_s", "scaling_2_processes_per_s")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("process_per_s").asDouble()).isPositive();
        assertThat(json.get("scaling_duplicates").asLong()).isZero();
        assertThat(json.get("scaling_lost").asLong()).isZero();
        assertThat(result.number("process_per_s")).isEqualTo(json.get("process_per_s").asDouble());
        assertThat(PayloadCodec.tree(result.toJson())).isEqualTo(json);
    }

    @Test
    void modesSelectTheirPhases() {
        assertThat(QueueBenchOptions.parse(new String[] {"--mode", "burn"}).phases()).containsExactlyInAnyOrder("enqueue", "burn", "baseline");
        assertThat(QueueBenchOptions.parse(new String[] {"--mode", "all"}).phases()).isEqualTo(QueueBenchOptions.ALL_PHASES);
        assertThat(QueueBenchOptions.parse(new String[] {"--mode", "latency,scaling"}).phases()).containsExactlyInAnyOrder("latency", "scaling");
        QueueBenchOptions snapshot = QueueBenchOptions.parse(new String[] {"--mode", "snapshot"});
        assertThat(snapshot.phases()).containsExactly("snapshot");
        assertThat(snapshot.holdSnapshot()).isPositive();
        assertThatThrownBy(() -> QueueBenchOptions.parse(new String[] {"--mode", "fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mode fast");
    }

    @Test
    void optionsParseDurationsAndPhases() {
        QueueBenchOptions o = QueueBenchOptions.parse(new String[] {"--jobs", "10", "--hold-snapshot", "300s", "--processes", "1,4"});
        assertThat(o.jobs()).isEqualTo(10);
        assertThat(o.holdSnapshot()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.processes()).containsExactly(1, 4);
        assertThat(o.phases()).contains("snapshot", "scaling", "burn");
    }
}

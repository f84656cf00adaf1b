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
        LoadOptions load = LoadOptions.parse(LoadOptions.defaults(), "--capacity-jobs", "3000");
        QueueBenchOptions options = new QueueBenchOptions(TestDatabase.jdbcUrl(), 3_000, 2, 150, 200, Duration.ofSeconds(1),
                Duration.ofSeconds(1), List.of(1, 2), 2_000, 2_000, Set.of("enqueue", "burn", "baseline", "latency", "snapshot", "scaling"),
                2, true, load);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result result = QueueBenchmark.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode json = PayloadCodec.tree(lines[0]);
        for (String field : Set.of("enqueue_per_s", "process_per_s", "sql_baseline_process_per_s", "ratio_vs_sql_baseline",
                "latency_p50_ms", "latency_p99_ms", "latency_sql_baseline_p50_ms", "latency_polling_p50_ms", "latency_polling_p99_ms",
                "held_snapshot_ratio", "dead_tuples_max", "scaling_1_processes_per_s", "scaling_2_processes_per_s",
                "flat_out_held_snapshot_ratio", "flat_out_held_offered_per_s", "capacity_per_s", "latency_consumers",
                "cpu_model", "cores", "date", "server_version", "fsync", "synchronous_commit", "shared_buffers", "max_wal_size")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        // Two burn-downs each, alternating which runs first, each prepared alike and ending clean.
        assertThat(json.get("burn_runs")).hasSize(2);
        assertThat(json.get("burn_runs").get(0).get("first").asText()).isEqualTo("sluice");
        assertThat(json.get("burn_runs").get(1).get("first").asText()).isEqualTo("sql_baseline");
        for (JsonNode run : json.get("burn_runs")) {
            for (String who : List.of("sluice", "sql_baseline")) {
                assertThat(run.get(who).get("end_state_ok").asBoolean()).as(who).isTrue();
                assertThat(run.get(who).get("missing").asLong()).isZero();
                assertThat(run.get(who).get("duplicates").asLong()).isZero();
                assertThat(run.get(who).get("left_in_queue").asLong()).isZero();
                assertThat(run.get(who).get("preparation").asText()).isEqualTo("vacuum analyze, checkpoint");
            }
        }
        assertThat(json.get("burn_end_state_ok").asBoolean()).isTrue();
        assertThat(json.get("capacity_burn_down").get("end_state_ok").asBoolean()).isTrue();
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
        assertThat(QueueBenchOptions.parse(new String[] {"--mode", "steady"}).phases()).containsExactly("steady");
        assertThat(QueueBenchOptions.parse(new String[] {"--mode", "fairness"}).phases()).containsExactly("fairness");
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
        assertThat(o.repeat()).isEqualTo(3);
        assertThat(o.load().duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.load().levels()).containsExactly(30, 60, 80);
    }

    @Test
    void loadOptionsParse() {
        QueueBenchOptions o = QueueBenchOptions.parse(new String[] {"--mode", "steady", "--steady-duration", "90s", "--repeat", "5",
            "--levels", "20,40%", "--capacity-jobs", "1000", "--drain-timeout", "5s", "--interval", "10ms", "--burst", "0",
            "--fairness-level", "50", "--burst-at", "3s", "--burst-delay", "1s", "--trickle-from", "4s", "--retry-base-delay", "50ms",
            "--held-flat-out", "false", "--warmup", "2s", "--capacity", "burn", "--trickle", "delayed,retried"});
        assertThat(o.repeat()).isEqualTo(5);
        assertThat(o.heldFlatOut()).isFalse();
        assertThat(o.load()).isEqualTo(new LoadOptions(Duration.ofSeconds(90), 1000, LoadOptions.BURN, List.of(20, 40), Duration.ofSeconds(5),
                Duration.ofMillis(10), 50, 0, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMillis(50),
                Duration.ofSeconds(2), List.of("delayed", "retried")));
        assertThat(QueueBenchOptions.parse(new String[] {"--capacity", "90000"}).load().capacity()).isEqualTo("90000");
        assertThatThrownBy(() -> QueueBenchOptions.parse(new String[] {"--capacity", "fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--capacity");
        assertThatThrownBy(() -> QueueBenchOptions.parse(new String[] {"--levels", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--levels");
        assertThatThrownBy(() -> QueueBenchOptions.parse(new String[] {"--repeat", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThatThrownBy(() -> QueueBenchOptions.parse(new String[] {"--steady-durations", "1s"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option --steady-durations");
    }
}

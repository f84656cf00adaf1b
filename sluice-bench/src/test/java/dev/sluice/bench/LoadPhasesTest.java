package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bench.LoadPlan.Kind;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The steady and fairness harness on a tiny, light load (levels of a few percent, seconds long):
 * every run ends clean (all offered handled exactly once, queue empty, no dead letters), each kind is
 * measured for every message of it, and the JSON line holds the promised figures. No speed is asserted.
 */
class LoadPhasesTest {

    @Test
    void steadyAndFairnessRunsEndCleanAndReportEveryKind() throws Exception {
        String[] args = {"--jdbc-url", TestDatabase.jdbcUrl(), "--mode", "steady,fairness", "--workers", "2", "--repeat", "1",
            "--capacity-jobs", "3000", "--levels", "2,4", "--steady-duration", "1500ms", "--drain-timeout", "30s",
            "--fairness-level", "3", "--burst", "600", "--burst-at", "300ms", "--burst-delay", "500ms", "--trickle-from", "500ms",
            "--retry-base-delay", "50ms", "--warmup", "300ms"};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QueueBenchmark.run(QueueBenchOptions.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode json = PayloadCodec.tree(lines[0]);
        for (String field : List.of("cpu_model", "cores", "date", "server_version", "fsync", "synchronous_commit", "shared_buffers",
                "max_wal_size", "capacity_per_s", "steady_pass", "steady_2_p99_ms_worst", "steady_4_handled_per_s_min",
                "steady_4_offered_per_s", "fairness_pass", "fairness_plain_offered_per_s")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("capacity_burn_down").get("end_state_ok").asBoolean()).isTrue();

        JsonNode steady = json.get("steady_runs");
        assertThat(steady).hasSize(2);
        for (JsonNode run : steady) {
            assertClean(run);
            assertThat(run.get("pass_handled_all").asBoolean()).isTrue();
            assertThat(run.has("pass_p99")).isTrue();
            // The warm-up's messages are handled and checked, but only those after it are measured.
            long measured = run.get("latency_ms").get("plain").get("offered").asLong();
            assertThat(measured).isPositive().isLessThan(run.get("offered").asLong());
            assertThat(run.get("latency_ms").get("plain").get("count").asLong()).isEqualTo(measured);
            assertThat(run.get("warmup_s").asDouble()).isEqualTo(0.3);
            assertThat(run.has("warmup_p99_ms")).isTrue();
            assertThat(run.get("slowest_tenths")).isNotEmpty();
            assertThat(run.has("schedule_kept")).isTrue();
            assertThat(run.get("latency_ms").has("burst")).isFalse();
        }

        JsonNode fairness = json.get("fairness_runs");
        assertThat(fairness).hasSize(1);
        JsonNode plainOnly = fairness.get(0).get("plain_only");
        JsonNode mixed = fairness.get(0).get("mixed");
        assertClean(plainOnly);
        assertClean(mixed);
        // From 500 ms to 1.5 s, a tick every 100 ms: 10 ticks of 5 of each kind.
        for (String kind : List.of("urgent", "delayed", "retried")) {
            assertThat(mixed.get("latency_ms").get(kind).get("count").asLong()).as(kind).isEqualTo(50);
            assertThat(mixed.get("latency_ms").get(kind).get("offered").asLong()).as(kind).isEqualTo(50);
        }
        assertThat(mixed.get("latency_ms").get("burst").get("count").asLong()).isEqualTo(600);
        assertThat(mixed.get("burst_started").asLong()).isEqualTo(600);
        assertThat(mixed.get("burst_drain_s").isNumber()).isTrue();
        assertThat(mixed.get("latency_ms").get("plain").get("count").asLong())
                .isEqualTo(plainOnly.get("latency_ms").get("plain").get("offered").asLong());
        JsonNode targets = fairness.get(0).get("targets");
        assertThat(targets.get("handled_all").asBoolean()).isTrue();
        for (String target : List.of("urgent_p99_le_plain_p99", "delayed_p99_le_200ms", "retried_p99_le_200ms", "burst_drain_ge_80pct",
                "plain_p99_within_2x_this_run", "burst_drain_ratio_vs_burn_down", "pass")) {
            assertThat(targets.has(target)).as(target).isTrue();
        }
        // The plain ratio is judged on the repetitions pooled; one repetition pools to its own p99s.
        assertThat(json.get("fairness_pooled_plain_only_p99_ms").asDouble())
                .isEqualTo(plainOnly.get("latency_ms").get("plain").get("p99").asDouble());
        assertThat(json.get("fairness_pooled_mixed_plain_p99_ms").asDouble())
                .isEqualTo(mixed.get("latency_ms").get("plain").get("p99").asDouble());
        assertThat(json.has("fairness_pooled_plain_p99_le_2x_plain_only")).isTrue();
        assertThat(json.get("fairness_median_plain_p99_vs_plain_only").asDouble())
                .isEqualTo(targets.get("plain_p99_vs_plain_only").asDouble());
    }

    private static void assertClean(JsonNode run) {
        assertThat(run.get("end_state_ok").asBoolean()).as(run.get("run").asText()).isTrue();
        assertThat(run.get("missing").asLong()).isZero();
        assertThat(run.get("duplicates").asLong()).isZero();
        assertThat(run.get("left_in_queue").asLong()).isZero();
        assertThat(run.get("dead_letters").asLong()).isZero();
        assertThat(run.get("handled").asLong()).isEqualTo(run.get("offered").asLong());
    }

    @Test
    void plansOfferTheRateOnTheirScheduleAndFindEachMessagesBatch() {
        LoadPlan steady = LoadPlan.steady(1_234.5, Duration.ofSeconds(2), Duration.ofMillis(20));
        assertThat(steady.total()).isEqualTo(2_469);
        assertThat(steady.batchCount()).isEqualTo(100);
        assertThat(steady.batch(steady.batchOf(2_468)).offsetNanos()).isEqualTo(Duration.ofMillis(1_980).toNanos());

        LoadOptions o = LoadOptions.parse(LoadOptions.parse(LoadOptions.parse(LoadOptions.defaults(), "--steady-duration", "10s"),
                "--burst", "5000"), "--warmup", "1s");
        LoadPlan fairness = LoadPlan.fairness(1_000, o);
        assertThat(fairness.count(Kind.PLAIN)).isEqualTo(11_000); // the warm-up second comes first
        assertThat(fairness.measuredCount(Kind.PLAIN)).isEqualTo(10_000);
        assertThat(fairness.count(Kind.BURST)).isEqualTo(6_250); // the warm-up rehearses a quarter of the burst
        assertThat(fairness.measuredCount(Kind.BURST)).isEqualTo(5_000);
        assertThat(fairness.burst()).isEqualTo(5_000);
        // From 8 s to 10 s after the warm-up; a warm-up of 1 s is too short for the rehearsal's trickle.
        assertThat(fairness.count(Kind.URGENT)).isEqualTo(20 * LoadOptions.TRICKLE_EACH);
        LoadPlan longer = LoadPlan.fairness(1_000, LoadOptions.parse(o, "--warmup", "5s"));
        // The rehearsal's trickle from 1 s to 4 s (its last delayed messages due before the window opens).
        assertThat(longer.count(Kind.URGENT) - longer.measuredCount(Kind.URGENT)).isEqualTo(30 * LoadOptions.TRICKLE_EACH);
        assertThat(longer.measuredCount(Kind.URGENT)).isEqualTo(20 * LoadOptions.TRICKLE_EACH);
        assertThat(fairness.burstDueNanos()).isEqualTo(Duration.ofSeconds(9).toNanos());
        assertThat(fairness.measured(fairness.batch(0))).isFalse();
        for (int b = 0; b < fairness.batchCount(); b++) {
            LoadPlan.Planned batch = fairness.batch(b);
            assertThat(fairness.batchOf(batch.firstSeq())).isEqualTo(b);
            assertThat(fairness.batchOf(batch.firstSeq() + batch.size() - 1)).isEqualTo(b);
        }
        assertThat(Sequence.of("{\"s\": 4711}")).isEqualTo(4711);
    }
}

package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark harness on a small table: both pipelines finish, and the JSON line carries every promised figure. */
class VersioningDemoTest {

    @Test
    void smallRunMeasuresBothPipelinesOnTheSameChanges() throws Exception {
        VersioningDemo.Options options = new VersioningDemo.Options(TestDatabase.jdbcUrl(), 5_000, 600, false, 4, 150,
                Duration.ofMinutes(2), TestDatabase.freshSchemaName("vdemo"), Duration.ofMillis(200));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VersioningDemo.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = PayloadCodec.tree(lines[lines.length - 1]);
        for (String field : new String[] {"old_per_s", "new_per_s", "speedup", "new_db_ops_per_record", "old_db_ops_per_record"}) {
            assertThat(json.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(json.get("old_complete").asBoolean()).isTrue();
        assertThat(json.get("old_service_calls").asLong()).as("one call per record").isEqualTo(600);
        assertThat(json.get("new_service_calls").asLong()).as("one call per batch").isBetween(4L, 599L);
        assertThat(json.get("old_db_ops_per_record").asDouble()).as("reads and writes per record, counted")
                .isGreaterThan(json.get("new_db_ops_per_record").asDouble() * 10);
        assertThat(json.get("old_cron_per_s").asDouble()).as("the old pipeline as deployed finished too").isPositive();
        assertThat(json.get("old_cron_runs").asInt()).isPositive();
        assertThat(json.get("old_cron_service_calls_per_record").asDouble()).as("every record called at least once").isGreaterThanOrEqualTo(1.0);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Before (cron + scan)", "Speedup", "as deployed");
    }
}

package dev.sluice.examples.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark harness on a tiny load: it runs every phase and prints the promised JSON fields. */
class LeaderboardDemoTest {

    @Test
    void shortRunPrintsTheTableAndOneJsonLineWithEveryFigure() throws Exception {
        LeaderboardDemo.Options options = new LeaderboardDemo.Options(TestDatabase.jdbcUrl(), 1_000, 500,
                Duration.ofSeconds(3), Duration.ofSeconds(1), 100, 2, 10_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LeaderboardDemo.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = PayloadCodec.tree(lines[lines.length - 1]);
        for (String field : new String[] {"ingest_per_s", "ingest_p99_ms", "read_p50_ms", "read_p99_ms", "freshness_p99_ms",
                "literal_design_per_s", "literal_design_read_p99_ms", "bytes_per_event", "retention_drop_day_ms"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("ingest_per_s").asDouble()).isPositive();
        assertThat(json.get("literal_design_per_s").asDouble()).isPositive();
        assertThat(json.get("retention_dropped")).hasSize(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("literal design");
    }
}

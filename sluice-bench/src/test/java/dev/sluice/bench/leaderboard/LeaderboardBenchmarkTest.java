package dev.sluice.bench.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.leaderboard.Window;
import dev.sluice.queue.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness on a tiny load: every phase runs, end states are checked, the JSON line holds the promised fields. */
class LeaderboardBenchmarkTest {

    private static final boolean REDIS = RedisServer.find("redis-server").isPresent();

    @Test
    void smallRunEndsWithOneJsonLineOfTheFloorSluiceAndRedisFigures() throws Exception {
        LeaderboardBenchOptions options = new LeaderboardBenchOptions(TestDatabase.jdbcUrl(), 500, 2_000, 100, 2, Duration.ofMillis(500),
                Duration.ofSeconds(1), 200, Duration.ofSeconds(1), true, "redis-server", 0, true, Duration.ofMillis(500));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LeaderboardBenchmark.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = PayloadCodec.tree(lines[lines.length - 1]);
        for (String field : List.of("capacity_per_s", "floor_per_s", "ratio_vs_floor", "read_p99_ms", "rank_p99_ms", "freshness_p99_ms",
                "query_read_p99_ms", "ingest_p99_ms", "seed_read_p99_ms", "seed_ingest_p99_ms", "harness_p99_ms", "read_service_p99_ms", "postgres")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("floor_per_s").asDouble()).isPositive();
        assertThat(json.get("ratio_vs_floor").asDouble()).isPositive();
        assertThat(json.get("capacity_per_s").asDouble()).isPositive();
        assertThat(json.get("warmup_ms").asLong()).as("the untimed warm-up ran").isEqualTo(500);
        assertThat(json.has("warmup_gc_pause_ms")).isTrue();
        // the search again with the readers beside every step, then latency at 80 % of what it found
        assertThat(json.get("serving_capacity_per_s").asDouble()).isPositive();
        assertThat(json.get("serving_capacity_steps")).isNotEmpty();
        for (String field : List.of("serving_read_p99_ms", "serving_query_read_p99_ms", "serving_freshness_p99_ms", "serving_harness_p99_ms")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("postgres").get("synchronous_commit")).isNotNull();
        if (REDIS) {
            for (String field : List.of("redis_always_per_s", "redis_everysec_per_s", "ratio_vs_redis_always", "redis_read_p99_ms",
                    "redis_rank_p99_ms", "redis_always_settings")) {
                assertThat(json.has(field)).as(field).isTrue();
            }
            assertThat(json.get("redis_always_settings").asText()).contains("appendonly=yes", "appendfsync=always");
        } else {
            assertThat(json.get("redis_skipped").asText()).contains("redis-server not found");
        }
    }

    @Test
    void redisBoardCountsEachEventOnceAndRanksByBest() throws Exception {
        assumeTrue(REDIS, "redis-server is not on PATH (apt-get install -y redis-server): the Redis harness is not tested here");
        try (RedisServer server = RedisServer.start("redis-server", "always"); RedisBoard board = new RedisBoard(server, 2)) {
            List<ScoreSource.Score> batch = List.of(new ScoreSource.Score("a", "ada", 10), new ScoreSource.Score("b", "bob", 30),
                    new ScoreSource.Score("c", "ada", 20));
            assertThat(board.ingest(batch)).isEqualTo(3);
            assertThat(board.ingest(batch)).as("a replayed batch commits nothing").isZero();
            assertThat(board.top(Window.ALL_TIME, 10)).extracting(t -> t.getElement() + "=" + (long) t.getScore())
                    .containsExactly("bob=30", "ada=20");
            assertThat(board.rank(Window.ALL_TIME, "ada")).isEqualTo(1L);
            assertThat(board.settings()).contains("appendfsync=always");
        }
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> LeaderboardBenchOptions.parse(new String[] {"--redis", "maybe"})).hasMessageContaining("on or off");
        assertThatThrownBy(() -> LeaderboardBenchOptions.parse(new String[] {"--batch", "0"})).hasMessageContaining("--batch");
        assertThatThrownBy(() -> LeaderboardBenchOptions.parse(new String[] {"--fast", "1"})).hasMessageContaining("Unknown option --fast");
        assertThat(LeaderboardBenchOptions.parse(new String[] {"--latency", "30s", "--redis", "off"}).latency()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LeaderboardBenchOptions.parse(new String[] {"--capacity", "5000"}).capacity()).isEqualTo(5000);
        assertThat(LeaderboardBenchOptions.parse(new String[] {"--serving", "off"}).serving()).isFalse();
        assertThat(LeaderboardBenchOptions.parse(new String[] {"--warmup", "0s"}).warmup()).isZero();
        assertThatThrownBy(() -> LeaderboardBenchOptions.parse(new String[] {"--serving", "maybe"})).hasMessageContaining("--serving takes on or off");
        assertThatThrownBy(() -> LeaderboardBenchOptions.parse(new String[] {"--capacity", "-1"})).hasMessageContaining("--capacity");
    }
}

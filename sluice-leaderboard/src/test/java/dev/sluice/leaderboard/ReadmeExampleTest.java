package dev.sluice.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.embedded.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's example, compiled and run: keep the two in step. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() throws Exception {
        try (HikariDataSource dataSource = TestDatabase.dataSource(8)) {
            String schema = TestDatabase.freshSchemaName("lb_readme");
            AtomicReference<Snapshot> pushed = new AtomicReference<>();
            Result r = example(dataSource, schema, pushed::set);
            assertThat(r.accepted()).isEqualTo(2);
            assertThat(r.duplicates()).isEqualTo(1);
            assertThat(r.rejectedError()).isEqualTo("score -5 is outside the allowed range 0..1000000000000000");
            assertThat(r.top()).extracting(Standing::playerId).containsExactly("grace", "ada");
            assertThat(r.me().orElseThrow().player().rank()).isEqualTo(2);
            assertThat(r.me().orElseThrow().above()).extracting(Standing::playerId).containsExactly("grace");
        }
    }

    record Result(long accepted, long duplicates, String rejectedError, List<Standing> top, Optional<PlayerRank> me) {
    }

    static Result example(DataSource dataSource, String schema, java.util.function.Consumer<Snapshot> push) throws Exception {
        // --- README example begins ---
        LeaderboardConfig config = LeaderboardConfig.builder()
                .schema(schema)                                   // default "sluice"
                .windows(List.of(Window.MINUTE, Window.DAY, Window.ALL_TIME))
                .allowedLateness(Duration.ofMinutes(10))
                .build();
        try (Leaderboards boards = Leaderboards.start(dataSource, config)) {
            Instant now = Instant.now();
            IngestResult result = boards.ingest(List.of(
                    ScoreEvent.of("run-1", "ada", 4200, now),
                    new ScoreEvent("run-2", "grace", 5100, now, "{\"level\":7}"),
                    ScoreEvent.of("run-1", "ada", 4200, now),       // a retry: reported as DUPLICATE, changes nothing
                    ScoreEvent.of("run-3", "linus", -5, now)));     // REJECTED by index; the others still count
            String error = result.rejected().get(0).error();
            boards.fold();                                           // read your own writes now (else within foldInterval)

            List<Standing> top = boards.top("all", 100);            // rank 1 first
            Optional<PlayerRank> me = boards.rank("1m", "ada", 5);   // "where am I", 5 players above and below
            try (AutoCloseable live = boards.subscribe(push)) {      // each changed top-N, pushed by NOTIFY
                await().atMost(Duration.ofSeconds(10)).until(() -> boards.snapshot("all").isPresent());
            }
            // --- README example ends ---
            return new Result(result.accepted(), result.duplicates(), error, top, me);
        }
    }
}

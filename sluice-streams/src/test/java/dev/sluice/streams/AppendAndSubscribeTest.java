package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.queue.InvalidMessageException;
import dev.sluice.schema.InvalidIdentifierException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class AppendAndSubscribeTest extends StreamsTestSupport {

    @Test
    void everySubscriptionSeesEveryEventOnceInOrder() {
        streams.create("scores", StreamOptions.DEFAULTS);
        List<Long> ids = new ArrayList<>(streams.append("scores", records("a", 0, 300)));
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        for (String name : List.of("leaderboard", "audit", "search")) {
            seen.put(name, Collections.synchronizedList(new ArrayList<>()));
            streams.subscribe("scores", name, StartFrom.earliest(), FAST.withBatchSize(70),
                    batch -> batch.events().forEach(e -> seen.get(name).add(e.id())));
        }
        ids.addAll(streams.append("scores", records("a", 300, 200)));
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.values().stream().allMatch(l -> l.size() >= 500));
        for (List<Long> got : seen.values()) {
            assertThat(got).containsExactlyElementsOf(ids); // once each, in append order (one key, sequential writers)
        }
        StreamStats stats = streams.stats("scores");
        assertThat(stats.events()).isEqualTo(500);
        assertThat(stats.subscriptions()).extracting(SubscriptionStats::lagEvents).containsOnly(0L);
        assertThat(stats.subscriptions()).extracting(SubscriptionStats::consumed).containsOnly(500L);
    }

    @Test
    void appendInTheCallersTransactionIsDeliveredOnlyIfItCommits() throws Exception {
        streams.create("orders", StreamOptions.DEFAULTS);
        execute("CREATE TABLE " + schema + ".orders (id int PRIMARY KEY)");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO " + schema + ".orders VALUES (1)");
            streams.append(c, "orders", List.of(StreamRecord.of("1", Map.of("order", 1, "phantom", true))));
            c.rollback();
            c.createStatement().execute("INSERT INTO " + schema + ".orders VALUES (2)");
            streams.append(c, "orders", List.of(StreamRecord.of("2", Map.of("order", 2))));
            c.commit();
        }
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        streams.subscribe("orders", "mailer", StartFrom.earliest(), FAST, b -> b.events().forEach(e -> keys.add(e.key())));
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.size() >= 1);
        assertThat(streams.stats("orders").subscriptions().get(0).lagEvents()).isZero();
        assertThat(keys).containsExactly("2");
    }

    @Test
    void handlerWritesCommitWithThePositionExactlyOnceAndAFailingBatchIsRetried() throws Exception {
        streams.create("s", StreamOptions.DEFAULTS);
        execute("CREATE TABLE " + schema + ".applied (event_id bigint PRIMARY KEY)");
        streams.append("s", records("k", 0, 50));
        int[] calls = {0};
        streams.subscribe("s", "writer", StartFrom.earliest(), FAST.withBatchSize(20), batch -> {
            try (var ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".applied VALUES (?)")) {
                for (StreamEvent e : batch.events()) {
                    ps.setLong(1, e.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (++calls[0] == 2) {
                throw new IllegalStateException("boom"); // after writing: the writes must roll back with the batch
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".applied") == 50);
        assertThat(calls[0]).isEqualTo(4); // 20, 20 (failed), 20 again, 10
        assertThat(streams.stats("s").subscriptions().get(0).consumed()).isEqualTo(50);
    }

    @Test
    void latestStartsAfterWhatHasCommittedAndAfterEventResumesAfterIt() {
        streams.create("s", StreamOptions.DEFAULTS);
        List<Long> before = streams.append("s", records("k", 0, 10));
        streams.subscriptions().create("s", "late", StartFrom.latest());
        streams.subscriptions().create("s", "mid", StartFrom.afterEvent(before.get(4)));
        List<Long> after = streams.append("s", records("k", 10, 5));
        List<Long> late = Collections.synchronizedList(new ArrayList<>());
        List<Long> mid = Collections.synchronizedList(new ArrayList<>());
        streams.subscribe("s", "late", StartFrom.earliest(), FAST, b -> b.events().forEach(e -> late.add(e.id())));
        streams.subscribe("s", "mid", StartFrom.earliest(), FAST, b -> b.events().forEach(e -> mid.add(e.id())));
        await().atMost(Duration.ofSeconds(10)).until(() -> late.size() >= 5 && mid.size() >= 10);
        assertThat(late).as("an existing subscription keeps its position; StartFrom is for new ones").containsExactlyElementsOf(after);
        List<Long> expected = new ArrayList<>(before.subList(5, 10));
        expected.addAll(after);
        assertThat(mid).containsExactlyElementsOf(expected);
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndNothingIsAppended() throws Exception {
        streams.create("s", StreamOptions.DEFAULTS);
        assertThatThrownBy(() -> streams.append("s", List.of(StreamRecord.ofJson("k", "{\"ok\":1}"), StreamRecord.ofJson("k", "{oops"))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("Event 1").hasMessageContaining("Nothing was appended");
        assertThatThrownBy(() -> streams.append("s", List.of(StreamRecord.ofJson("k", "{\"a\":[\"x\\u0000y\"]}"))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("NUL character");
        assertThatThrownBy(() -> new StreamPosition("12; drop", 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decimal digits");
        assertThatThrownBy(() -> streams.append("nope", records("k", 0, 1)))
                .isInstanceOf(UnknownStreamException.class).hasMessageContaining("\"nope\" does not exist");
        assertThatThrownBy(() -> streams.create("Bad-Name", StreamOptions.DEFAULTS)).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> streams.append("s", List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> streams.subscriptions().create("s", "x", StartFrom.afterEvent(999_999)))
                .isInstanceOf(UnknownEventException.class).hasMessageContaining("has no event 999999");
        assertThatThrownBy(() -> streams.subscriptions().reset("s", "missing", StartFrom.earliest()))
                .isInstanceOf(UnknownSubscriptionException.class);
        assertThatThrownBy(() -> StreamOptions.builder().partitionInterval(Duration.ofMillis(1500)).build())
                .hasMessageContaining("partitionInterval must be whole seconds");
        assertThatThrownBy(() -> SubscriberOptions.DEFAULTS.withBatchSize(0)).hasMessageContaining("batchSize must be between 1 and 10000");
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".stream_s")).isZero();
    }
}

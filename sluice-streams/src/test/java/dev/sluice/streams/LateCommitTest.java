package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** No event is ever skipped because a transaction that took a lower id committed after a higher one was consumed. */
class LateCommitTest extends StreamsTestSupport {

    @Test
    void aTransactionThatCommitsLateWithALowerIdIsDeliveredNotSkipped() throws Exception {
        streams.create("s", StreamOptions.DEFAULTS);
        streams.subscriptions().create("s", "sub", StartFrom.earliest());
        List<StreamEvent> got = new ArrayList<>();
        long early = streams.append("s", StreamRecord.of("x", Map.of("n", 0)));
        assertThat(streams.poll("s", "sub", 100, b -> got.addAll(b.events()))).isEqualTo(1);

        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            long lowId = streams.append(slow, "s", List.of(StreamRecord.of("x", Map.of("n", 1)))).get(0);
            long highId = streams.append("s", StreamRecord.of("y", Map.of("n", 2))); // commits first
            assertThat(lowId).isLessThan(highId);
            // A sequence-only reader would deliver highId now and later skip lowId. Here highId waits:
            assertThat(streams.poll("s", "sub", 100, b -> got.addAll(b.events()))).isZero();
            assertThat(streams.stats("s").subscriptions().get(0).lagEvents()).isEqualTo(1); // only the committed one is counted
            slow.commit();
            assertThat(streams.poll("s", "sub", 100, b -> got.addAll(b.events()))).isEqualTo(2);
            assertThat(got).extracting(StreamEvent::id).containsExactly(early, lowId, highId);
        }
        assertThat(streams.poll("s", "sub", 100, b -> got.addAll(b.events()))).isZero();
    }

    @Test
    void interleavedConcurrentWritersEverySubscriberSeesEveryCommittedEventOnceInKeyOrder() throws Exception {
        streams.create("s", StreamOptions.DEFAULTS);
        int subscriptions = 3;
        List<List<StreamEvent>> seen = new ArrayList<>();
        for (int i = 0; i < subscriptions; i++) {
            List<StreamEvent> list = Collections.synchronizedList(new ArrayList<>());
            seen.add(list);
            streams.subscribe("s", "sub" + i, StartFrom.earliest(), FAST.withBatchSize(7 + i * 13), b -> list.addAll(b.events()));
        }
        int writers = 4;
        int transactions = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String key = "w" + w;
            futures.add(pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int seq = 0;
                for (int t = 0; t < transactions; t++) {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(false);
                        boolean rollback = rnd.nextInt(5) == 0;
                        int statements = 1 + rnd.nextInt(3);
                        List<Integer> used = new ArrayList<>();
                        for (int s = 0; s < statements; s++) {
                            int n = 1 + rnd.nextInt(3);
                            List<StreamRecord> batch = new ArrayList<>();
                            for (int i = 0; i < n; i++) {
                                used.add(seq);
                                batch.add(StreamRecord.of(key, Map.of("seq", seq++, "rolledBack", rollback)));
                            }
                            streams.append(c, "s", batch);
                            if (rnd.nextBoolean()) {
                                try (Statement st = c.createStatement()) {
                                    st.execute("SELECT pg_sleep(0.00" + rnd.nextInt(1, 5) + ")"); // stay open while others commit
                                }
                            }
                        }
                        if (rollback) {
                            c.rollback();
                        } else {
                            c.commit();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Set<Long> committed = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + schema + ".stream_s")) {
            while (rs.next()) {
                committed.add(rs.getLong(1));
            }
        }
        assertThat(committed).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().allMatch(l -> l.size() >= committed.size()));
        for (List<StreamEvent> list : seen) {
            List<Long> ids = list.stream().map(StreamEvent::id).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(committed);
            Map<String, Integer> lastSeq = new HashMap<>();
            for (StreamEvent e : list) {
                JsonNode p = e.tree();
                assertThat(p.get("rolledBack").asBoolean()).isFalse();
                int seq = p.get("seq").asInt();
                Integer prev = lastSeq.put(e.key(), seq);
                assertThat(prev == null || prev < seq).as("key %s: %s after %s", e.key(), seq, prev).isTrue();
            }
        }
        assertThat(streams.stats("s").subscriptions()).extracting(SubscriptionStats::consumed).containsOnly((long) committed.size());
    }
}

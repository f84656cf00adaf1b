package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.TestDatabase;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CrashAndTakeoverTest extends StreamsTestSupport {

    @Test
    void subscriberKilledWithSigkillMidBatchResumesFromItsLastCommittedPosition() throws Exception {
        streams.create("events", StreamOptions.DEFAULTS);
        execute("CREATE TABLE " + schema + ".handled (event_id bigint NOT NULL, by text NOT NULL)");
        execute("CREATE TABLE " + schema + ".stuck (batch_size int NOT NULL)");
        int total = 1_000;
        streams.append("events", records("k", 0, total));
        streams.subscriptions().create("events", "indexer", StartFrom.earliest());

        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashSubscriberMain.class.getName(), TestDatabase.jdbcUrl(), schema)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".stuck") == 1);
            assertThat(streams.stats("events").subscriptions().get(0).consumed()).as("three batches committed").isEqualTo(300);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the JVM
            child.waitFor();
        }
        streams.subscribe("events", "indexer", StartFrom.earliest(), FAST.withBatchSize(100), batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, 'parent')")) {
                for (StreamEvent e : batch.events()) {
                    ps.setLong(1, e.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") >= total);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(DISTINCT event_id) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled WHERE by = 'child'"))
                .as("the killed batch's writes rolled back with its position").isEqualTo(300);
        assertThat(streams.stats("events").subscriptions().get(0).consumed()).isEqualTo(total);
    }

    @Test
    void twoProcessesOnOneSubscriptionNeverBothHandleABatchAndShareTheWork() throws Exception {
        streams.create("events", StreamOptions.DEFAULTS);
        execute("CREATE TABLE " + schema + ".handled (event_id bigint PRIMARY KEY, by text NOT NULL)");
        Streams other = newStreams(newSluice(), StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        int total = 2_000;
        for (Streams s : new Streams[] {streams, other}) {
            String by = s == streams ? "a" : "b";
            s.subscribe("events", "shared", StartFrom.earliest(), FAST.withBatchSize(25), batch -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, ?)")) {
                    for (StreamEvent e : batch.events()) {
                        ps.setLong(1, e.id());
                        ps.setString(2, by);
                        ps.addBatch();
                    }
                    ps.executeBatch(); // a duplicate would fail on the primary key
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
        for (int i = 0; i < total; i += 200) {
            streams.append("events", records("k", i, 200));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") >= total);
        assertThat(maxInFlight.get()).as("one batch at a time per subscription").isEqualTo(1);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(streams.stats("events").subscriptions().get(0).consumed()).isEqualTo(total);
        System.out.printf("shared subscription: process a handled %d, b %d%n",
                queryLong("SELECT count(*) FROM " + schema + ".handled WHERE by = 'a'"),
                queryLong("SELECT count(*) FROM " + schema + ".handled WHERE by = 'b'"));
    }
}

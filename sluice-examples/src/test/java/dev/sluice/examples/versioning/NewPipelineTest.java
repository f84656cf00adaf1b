package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.worker.Workers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class NewPipelineTest {

    @Test
    void everyEligibleChangeIsVersionedExactlyOnceWithConsecutiveVersions() throws Exception {
        try (VersioningFixture f = new VersioningFixture("vers_new", 2_000)) {
            f.newPipeline.install();
            // Not eligible: product 5 is switched off, then changed; product 6 gets a no-op update.
            f.execute("UPDATE {{schema}}.products SET eligible = false WHERE id = 5");
            f.execute("UPDATE {{schema}}.products SET price = price + 1 WHERE id = 5");
            f.execute("UPDATE {{schema}}.products SET name = name WHERE id = 6");
            List<Long> first = LongStream.rangeClosed(101, 700).boxed().toList();
            f.change(first);
            try (Workers workers = f.newPipeline.start(4, 150)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> f.outstanding() == 0);
                List<Long> second = LongStream.rangeClosed(501, 900).boxed().toList();
                f.change(second);
                f.execute("UPDATE {{schema}}.products SET eligible = true WHERE id = 5"); // becoming eligible is a change
                await().atMost(Duration.ofSeconds(60)).until(() -> f.outstanding() == 0);
            }
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions")).isEqualTo(600 + 400 + 1);
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions WHERE product_id BETWEEN 501 AND 700")).isEqualTo(400);
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions WHERE product_id = 6")).isZero();
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions WHERE product_id = 5")).isEqualTo(1);
            assertThat(f.queryLong("SELECT count(DISTINCT (product_id, revision)) FROM {{schema}}.product_versions"))
                    .as("no revision versioned twice").isEqualTo(1001);
            assertThat(f.versionGaps()).isZero();
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.published_products")).isEqualTo(901 - 101 + 1);
            assertThat(f.stalePublished()).isZero();
            assertThat(f.sluice.deadLetters().list(NewPipeline.QUEUE)).isEmpty();
        }
    }

    @Test
    void productChangedAgainWhileItsChangeIsInFlightEndsWithItsLatestDataPublished() throws Exception {
        try (VersioningFixture f = new VersioningFixture("vers_inflight", 500)) {
            f.newPipeline.install();
            AtomicBoolean changedInFlight = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            f.newPipeline.beforeLastWrite(batch -> {
                if (!changedInFlight.compareAndSet(false, true)) {
                    return;
                }
                // The batch is claimed and planned from product 7's data, its write not yet sent: an
                // application changes product 7 again now. The write still moves it (to version 1, from
                // the data it read), and the new change, captured into a message of its own while the
                // claimed one is locked, makes version 2 from the latest data.
                Thread writer = new Thread(() -> {
                    try (Connection c = f.pool.getConnection();
                         PreparedStatement ps = c.prepareStatement("UPDATE " + f.schema + ".products SET price = 999.99 WHERE id = 7")) {
                        ps.executeUpdate();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                writer.start();
                writers.add(writer);
                writer.join();
            });
            f.change(List.of(7L, 8L, 9L));
            try (Workers workers = f.newPipeline.start(2, 150)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> changedInFlight.get() && f.outstanding() == 0
                        && f.queryLong("SELECT current_version FROM {{schema}}.products WHERE id = 7") == 2);
            }
            for (Thread w : writers) {
                w.join();
            }
            assertThat(f.queryLong("SELECT (data ->> 'price')::numeric * 100 FROM {{schema}}.published_products WHERE product_id = 7")).isEqualTo(99999);
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions WHERE product_id = 7")).isEqualTo(2);
            assertThat(f.versionGaps()).isZero();
            assertThat(f.stalePublished()).isZero();
        }
    }

    @Test
    void racingChangesAndWorkersKeepVersionsConsecutiveAndPublishTheLatestData() throws Exception {
        try (VersioningFixture f = new VersioningFixture("vers_race", 1_000)) {
            f.newPipeline.install();
            AtomicBoolean stop = new AtomicBoolean();
            long[] changes = new long[1];
            Thread writer = new Thread(() -> {
                // Hot products: changed again and again while earlier changes are in flight.
                while (!stop.get()) {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        ids.add(1 + ThreadLocalRandom.current().nextLong(60));
                    }
                    try {
                        f.change(ids.stream().distinct().sorted().toList());
                        changes[0]++;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            try (Workers workers = f.newPipeline.start(4, 150)) {
                writer.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> f.queryLong("SELECT count(*) FROM {{schema}}.product_versions") >= 300);
                stop.set(true);
                writer.join();
                await().atMost(Duration.ofSeconds(60)).until(() -> f.outstanding() == 0);
            }
            assertThat(changes[0]).isPositive();
            assertThat(f.versionGaps()).isZero();
            assertThat(f.stalePublished()).isZero();
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.products WHERE revision <> versioned_revision AND id <= 60"))
                    .as("every change ends up covered by a version").isZero();
            assertThat(f.queryLong("SELECT count(*) - count(DISTINCT (product_id, revision)) FROM {{schema}}.product_versions"))
                    .as("no revision versioned twice").isZero();
            assertThat(f.sluice.deadLetters().list(NewPipeline.QUEUE)).isEmpty();
        }
    }
}

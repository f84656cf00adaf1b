package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.worker.Workers;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OldAndNewEndStateTest {

    private static final String PRODUCTS = "SELECT id, owner_id, name, price, attributes, eligible, revision, versioned_revision, current_version FROM %s.products";
    private static final String VERSIONS = "SELECT product_id, version, revision, snapshot FROM %s.product_versions";
    private static final String PUBLISHED = "SELECT product_id, version, data FROM %s.published_products";

    @Test
    void oldCronPipelineWithOverlappingRunsAndNewPipelineReachTheSameEndState() throws Exception {
        try (VersioningFixture newSide = new VersioningFixture("vers_same_new", 400);
             VersioningFixture oldSide = new VersioningFixture("vers_same_old", 400)) {
            newSide.newPipeline.install();
            List<List<Long>> rounds = List.of(
                    LongStream.rangeClosed(1, 150).boxed().toList(),
                    LongStream.rangeClosed(100, 250).boxed().toList(),
                    LongStream.rangeClosed(1, 400).filter(i -> i % 7 == 0).boxed().toList());
            try (Workers workers = newSide.newPipeline.start(4, 150); OldPipeline cron = oldSide.oldPipeline()) {
                // A short interval, so that runs overlap as they did in the write-up.
                cron.start(Duration.ofMillis(200));
                for (List<Long> round : rounds) {
                    newSide.change(round);
                    oldSide.change(round);
                    // Generous: on a loaded machine the old pipeline's overlapping runs pile up (hundreds at load 30,
                    // as in the write-up) and take minutes; a quiet machine needs seconds.
                    await().atMost(Duration.ofMinutes(4)).until(() -> newSide.outstanding() == 0 && oldSide.workload.pending() == 0);
                }
                assertThat(cron.maxOverlap()).as("cron runs overlapped").isGreaterThan(1);
            }
            long versions = newSide.queryLong("SELECT count(*) FROM {{schema}}.product_versions");
            assertThat(versions).isEqualTo(150 + 151 + 57);
            assertThat(oldSide.queryLong("SELECT count(*) FROM {{schema}}.product_versions")).isEqualTo(versions);
            for (String table : List.of(PRODUCTS, VERSIONS, PUBLISHED)) {
                assertThat(difference(newSide, table, newSide.schema, oldSide.schema)).as(table).isZero();
                assertThat(difference(newSide, table, oldSide.schema, newSide.schema)).as(table).isZero();
            }
            assertThat(newSide.versionGaps()).isZero();
            assertThat(oldSide.versionGaps()).isZero();
            assertThat(oldSide.stalePublished()).isZero();
            assertThat(newSide.wrongCurrentVersions()).isZero();
            assertThat(oldSide.wrongCurrentVersions()).isZero();
        }
    }

    private static long difference(VersioningFixture f, String query, String left, String right) throws Exception {
        return f.queryLong("SELECT count(*) FROM (" + String.format(query, left) + " EXCEPT " + String.format(query, right) + ") d");
    }
}

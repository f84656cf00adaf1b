package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.TestDatabase;
import dev.sluice.worker.Workers;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KillWorkerMidBatchTest {

    @Test
    void workerJvmKilledMidBatchLosesNothingAndDuplicatesNothing() throws Exception {
        try (VersioningFixture f = new VersioningFixture("vers_kill", 2_000)) {
            f.newPipeline.install();
            f.execute("CREATE TABLE {{schema}}.stuck (batch_size int NOT NULL)");
            int changed = 600;
            f.change(LongStream.rangeClosed(1, changed).boxed().toList());

            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), VersioningCrashWorkerMain.class.getName(),
                    TestDatabase.jdbcUrl(), f.schema, f.sluiceSchema, f.services.versioning().uri().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> f.queryLong("SELECT count(*) FROM {{schema}}.stuck") == 1);
                assertThat(f.queryLong("SELECT batch_size FROM {{schema}}.stuck")).isEqualTo(150);
                assertThat(f.sluice.queues().stats(NewPipeline.QUEUE).depth()).as("the claimed batch is still queued").isEqualTo(changed);
            } finally {
                child.destroyForcibly(); // SIGKILL mid-batch: claimed and planned, its transaction open
                child.waitFor();
            }
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions")).as("nothing of the killed batch is visible").isZero();

            try (Workers workers = f.newPipeline.start(2, 150)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> f.outstanding() == 0);
            }
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions")).isEqualTo(changed);
            assertThat(f.queryLong("SELECT count(DISTINCT product_id) FROM {{schema}}.product_versions")).isEqualTo(changed);
            assertThat(f.queryLong("SELECT max(version) FROM {{schema}}.product_versions")).isEqualTo(1);
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.published_products")).isEqualTo(changed);
            assertThat(f.versionGaps()).isZero();
            assertThat(f.stalePublished()).isZero();
        }
    }
}

package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The application deployed as separate JVMs: a killed service loses nothing in either pipeline,
 * and no node process outlives the demo, however it ends.
 */
class DeploymentTest {

    @Test
    void aKilledProductServiceLosesNothingInEitherPipeline() throws Exception {
        try (VersioningFixture f = new VersioningFixture("vers_deploy", 1_500);
             VersioningDeployment d = VersioningDeployment.start(VersioningDeployment.Mode.PROCESSES, TestDatabase.jdbcUrl(), f.schema,
                     f.sluiceSchema, 2, 2, Duration.ZERO)) {
            List<Long> pids = d.pids();
            assertThat(pids).hasSize(5).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());

            // New pipeline: the Product service dies while batches are in flight; their calls fail, Sluice
            // isolates the failing messages by calling the handler on parts of the batch in its transaction
            // (no part may commit that transaction: it holds the whole batch's claim), the failures retry,
            // and once a new Product service is up every change is versioned once.
            f.newPipeline.install();
            f.change(LongStream.rangeClosed(1, 450).boxed().toList());
            d.startNewWorkers(2, 150);
            await().atMost(Duration.ofSeconds(20)).until(() -> f.sluice.queues().stats(NewPipeline.QUEUE).depth() < 450);
            d.kill(VersioningNode.Role.PRODUCT);
            d.restart(VersioningNode.Role.PRODUCT);
            await().atMost(Duration.ofSeconds(25)).until(() -> f.outstanding() == 0);
            d.stopNewWorkers();
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions")).isEqualTo(450);
            assertThat(f.queryLong("SELECT count(DISTINCT product_id) FROM {{schema}}.product_versions")).isEqualTo(450);
            assertThat(f.versionGaps()).isZero();
            assertThat(f.stalePublished()).isZero();
            assertThat(f.wrongCurrentVersions()).as("the batch path (write sent with its commit) writes what the rule defines").isZero();
            f.newPipeline.uninstall();

            // Old pipeline: the Product service dies mid-run; the run fails, and the next run picks up
            // every record the failed one did not reach.
            f.change(LongStream.rangeClosed(1001, 1300).boxed().toList());
            AtomicReference<Exception> failure = new AtomicReference<>();
            long calls0 = d.versioningCalls();
            Thread run = new Thread(() -> {
                try {
                    d.runOldOnce(Duration.ofMinutes(1));
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            run.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> d.versioningCalls() - calls0 >= 50);
            d.kill(VersioningNode.Role.PRODUCT);
            run.join();
            assertThat(failure.get()).as("the cron run failed with the service").isInstanceOf(NodeHandle.NodeFailedException.class);
            long pendingAfterFailure = f.workload.pending();
            assertThat(pendingAfterFailure).isBetween(1L, 299L);
            d.restart(VersioningNode.Role.PRODUCT);
            OldPipeline.RunStats next = d.runOldOnce(Duration.ofMinutes(1));
            assertThat(next.versioned()).isEqualTo(pendingAfterFailure);
            assertThat(f.workload.pending()).isZero();
            assertThat(f.queryLong("SELECT count(*) FROM {{schema}}.product_versions")).isEqualTo(450 + 300);
            assertThat(f.versionGaps()).isZero();
            assertThat(f.stalePublished()).isZero();
            assertThat(f.wrongCurrentVersions()).as("the per-record path writes the same rows as the batch path").isZero();

            assertThatThrownBy(() -> d.node(VersioningNode.Role.PRODUCT).call("run 10"))
                    .isInstanceOf(NodeHandle.NodeFailedException.class).hasMessageContaining("cron");
            List<ProcessHandle> handles = d.pids().stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
            d.close();
            assertThat(handles).as("closing ends every node process").noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void noNodeOutlivesAParentKilledWithSigkill() throws Exception {
        String schema = TestDatabase.freshSchemaName("vers_life");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DeploymentParentMain.class.getName(),
                TestDatabase.jdbcUrl(), schema, schema + "_sluice").redirectErrorStream(true).start();
        List<ProcessHandle> nodes;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("PIDS")) {
                // the parent's log
            }
            assertThat(line).as("the parent reported its nodes").isNotNull();
            nodes = Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).map(ProcessHandle::of).map(Optional::orElseThrow).toList();
            assertThat(nodes).hasSize(5).allMatch(ProcessHandle::isAlive);
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.waitFor();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));
    }
}

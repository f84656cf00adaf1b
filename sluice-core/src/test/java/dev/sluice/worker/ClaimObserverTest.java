package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClaimObserverTest extends SluiceTestSupport {

    /** Records every claim; optionally throws once on the first non-empty one. */
    private static final class Recorder implements ClaimObserver {
        final List<Claim> claims = new CopyOnWriteArrayList<>();
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        final Map<Long, Boolean> connectionWorked = new ConcurrentHashMap<>();
        final AtomicBoolean throwOnce = new AtomicBoolean();

        @Override
        public void claimed(Claim claim) throws SQLException {
            claims.add(claim);
            if (claim.messages().isEmpty()) {
                return;
            }
            try (Statement s = claim.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                connectionWorked.put(claim.messages().get(0).id(), rs.next());
            }
            if (throwOnce.compareAndSet(true, false)) {
                throw new IllegalStateException("observer failed");
            }
        }

        @Override
        public void claimFailed(String queue, java.time.Instant started, Exception error) {
            failures.add(error);
        }

        Set<Long> claimedIds() {
            return claims.stream().flatMap(c -> c.messages().stream()).map(ReceivedMessage::id).collect(Collectors.toSet());
        }
    }

    @Test
    void seesEveryClaimInsideTheBatchTransactionBeforeTheHandler() throws Exception {
        Recorder recorder = new Recorder();
        Sluice observed = newSluice(b -> b.claimObserver(recorder));
        observed.queues().create("jobs");
        List<Long> ids = observed.enqueueBatch("jobs", List.of(Message.json("1"), Message.json("2"), Message.json("3")))
                .stream().map(r -> r.id()).toList();
        Set<Long> seenByHandler = ConcurrentHashMap.newKeySet();
        Set<Long> claimedBeforeHandler = ConcurrentHashMap.newKeySet();
        observed.startWorkers("jobs", WorkerOptions.builder().concurrency(1).batchSize(10).build(), b -> {
            claimedBeforeHandler.addAll(recorder.claimedIds());
            b.messages().forEach(m -> seenByHandler.add(m.id()));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByHandler.size() == 3);
        assertThat(claimedBeforeHandler).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(recorder.claimedIds()).containsExactlyInAnyOrderElementsOf(ids);
        ClaimObserver.Claim claim = recorder.claims.stream().filter(c -> !c.messages().isEmpty()).findFirst().orElseThrow();
        assertThat(claim.queue()).isEqualTo("jobs");
        assertThat(claim.started()).isBeforeOrEqualTo(claim.finished());
        assertThat(recorder.connectionWorked).containsValue(true);
        assertThatThrownBy(() -> claim.connection().commit()).isInstanceOf(SQLException.class);
        // Idle workers' polls are reported too, as empty claims.
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.claims.stream().anyMatch(c -> c.messages().isEmpty()));
    }

    @Test
    void aThrowingObserverRollsTheBatchBackAndTheMessageIsHandledOnceLater() throws Exception {
        Recorder recorder = new Recorder();
        recorder.throwOnce.set(true);
        Sluice observed = newSluice(b -> b.claimObserver(recorder));
        observed.queues().create("jobs");
        long id = observed.enqueue("jobs", Message.json("1")).id();
        List<Long> handled = new CopyOnWriteArrayList<>();
        observed.startWorkers("jobs", WorkerOptions.builder().concurrency(1).build(), b -> b.messages().forEach(m -> handled.add(m.id())));
        await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 1);
        assertThat(handled).containsExactly(id);
        assertThat(recorder.claims.stream().filter(c -> !c.messages().isEmpty()).count()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> observed.queues().stats("jobs").depth() == 0);
    }

    @Test
    void aFailingClaimIsReported() throws Exception {
        Recorder recorder = new Recorder();
        Sluice observed = newSluice(b -> b.claimObserver(recorder));
        observed.queues().create("jobs");
        observed.startWorkers("jobs", WorkerOptions.builder().concurrency(1).build(), b -> { });
        execute("DROP TABLE " + schema + ".q_jobs"); // the next claim meets a missing table
        await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.failures.isEmpty());
        assertThat(recorder.failures.get(0)).isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
    }
}

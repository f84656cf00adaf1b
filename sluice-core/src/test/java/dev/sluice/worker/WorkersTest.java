package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkersTest extends SluiceTestSupport {

    @Test
    void severalProcessesHandleEveryMessageExactlyOnce() throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (message_id bigint NOT NULL, worker text NOT NULL)");
        int total = 20_000;
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            batch.add(Message.of(Map.of("n", i)));
            if (batch.size() == 2_000) {
                sluice.enqueueBatch("jobs", batch);
                batch.clear();
            }
        }
        WorkerOptions options = WorkerOptions.builder().concurrency(3).batchSize(150).build();
        for (int p = 0; p < 3; p++) {
            Sluice process = p == 0 ? sluice : newSluice(b -> { });
            String name = "process-" + p;
            process.startWorkers("jobs", options, b -> {
                try (PreparedStatement ps = b.connection().prepareStatement(
                        "INSERT INTO " + schema + ".handled (message_id, worker) VALUES (?, ?)")) {
                    for (ReceivedMessage m : b.messages()) {
                        ps.setLong(1, m.id());
                        ps.setString(2, name);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") >= total);
        assertThat(queryLong("SELECT count(DISTINCT message_id) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(*) FROM " + schema + ".handled")).isEqualTo(total);
        assertThat(queryLong("SELECT count(DISTINCT worker) FROM " + schema + ".handled")).isEqualTo(3);
        assertThat(sluice.queues().stats("jobs").depth()).isZero();
    }
}

package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A handler that tries to end the batch's transaction itself gets a clear error, and the batch is
 * neither acknowledged early nor lost: the message fails that attempt and is handled, once, later.
 */
class GuardedConnectionTest extends SluiceTestSupport {

    interface Call {
        void on(Connection c) throws SQLException;
    }

    private static Call call(String name) {
        return switch (name) {
            case "commit" -> Connection::commit;
            case "rollback" -> Connection::rollback;
            case "setAutoCommit" -> c -> c.setAutoCommit(true);
            case "close" -> Connection::close;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit", "rollback", "setAutoCommit", "close"})
    void handlerCannotEndTheBatchTransaction(String method) throws Exception {
        sluice.queues().create("jobs");
        execute("CREATE TABLE " + schema + ".handled (id bigint PRIMARY KEY)");
        long id = sluice.enqueue("jobs", Message.of(Map.of("n", 1))).id();
        List<String> errors = new CopyOnWriteArrayList<>();
        WorkerOptions options = WorkerOptions.builder().retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(20)).build();
        sluice.startWorkers("jobs", options, batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?)")) {
                for (ReceivedMessage m : batch.messages()) {
                    ps.setLong(1, m.id());
                    ps.executeUpdate();
                }
            }
            if (batch.messages().get(0).attempts() == 0) {
                try {
                    call(method).on(batch.connection());
                } catch (SQLException e) {
                    errors.add(e.getMessage());
                    throw e;
                }
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> queryLong("SELECT count(*) FROM " + schema + ".handled") == 1
                && sluice.queues().stats("jobs").depth() == 0);
        assertThat(errors).singleElement().asString().contains("must not call Connection." + method);
        assertThat(queryLong("SELECT id FROM " + schema + ".handled")).isEqualTo(id);
        assertThat(sluice.deadLetters().list("jobs")).isEmpty();
    }
}

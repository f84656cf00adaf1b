package dev.sluice.resilience;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * A worker process for the kill -9 test: records each message it handles in the batch transaction,
 * and after its first batch has written, signals "stuck" on a separate connection and hangs, so the
 * parent can kill it with SIGKILL mid-batch.
 */
public final class CrashWorkerMain {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema(schema).migrate(false).build());
        sluice.startWorkers("jobs", WorkerOptions.builder().concurrency(1).batchSize(150).build(), batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, 'child')")) {
                for (ReceivedMessage m : batch.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Connection side = DriverManager.getConnection(url, "postgres", null);
                 PreparedStatement ps = side.prepareStatement("INSERT INTO " + schema + ".stuck VALUES (?)")) {
                ps.setInt(1, batch.size());
                ps.executeUpdate();
            }
            Thread.sleep(Duration.ofHours(1).toMillis());
        });
        Thread.sleep(Long.MAX_VALUE);
    }
}

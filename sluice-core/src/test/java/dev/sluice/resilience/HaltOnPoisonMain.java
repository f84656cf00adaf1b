package dev.sluice.resilience;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.sql.PreparedStatement;

/**
 * A worker process that handles messages into {@code handled}, and halts the JVM at once (no
 * rollback, no shutdown hook) when its batch holds a message with {@code "poison": true}.
 * Arguments: JDBC URL, schema, maxAttempts.
 */
public final class HaltOnPoisonMain {
    public static void main(String[] args) throws Exception {
        String schema = args[1];
        Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(args[0]).schema(schema).migrate(false).build());
        WorkerOptions options = WorkerOptions.builder().concurrency(1).batchSize(10).maxAttempts(Integer.parseInt(args[2])).build();
        sluice.startWorkers("jobs", options, batch -> {
            for (ReceivedMessage m : batch.messages()) {
                if (m.payloadTree().path("poison").asBoolean()) {
                    Runtime.getRuntime().halt(3);
                }
            }
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?)")) {
                for (ReceivedMessage m : batch.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        Thread.sleep(Long.MAX_VALUE);
    }
}

package dev.sluice.streams;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * A subscriber process for the kill -9 test: records each event it handles in the batch transaction;
 * commits three batches, and in the fourth, after writing, signals "stuck" on a separate connection
 * and hangs, so that the parent kills it with SIGKILL mid-batch.
 */
public final class CrashSubscriberMain {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema(schema).migrate(false).build());
        Streams streams = Streams.start(sluice, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO));
        int[] batches = {0};
        streams.subscribe("events", "indexer", StartFrom.earliest(), SubscriberOptions.DEFAULTS.withBatchSize(100), batch -> {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO " + schema + ".handled VALUES (?, 'child')")) {
                for (StreamEvent e : batch.events()) {
                    ps.setLong(1, e.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (++batches[0] == 4) {
                try (Connection side = DriverManager.getConnection(url, "postgres", null);
                     PreparedStatement ps = side.prepareStatement("INSERT INTO " + schema + ".stuck VALUES (?)")) {
                    ps.setInt(1, batch.size());
                    ps.executeUpdate();
                }
                Thread.sleep(Duration.ofHours(1).toMillis());
            }
        });
        Thread.sleep(Long.MAX_VALUE);
    }
}

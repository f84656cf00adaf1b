package dev.sluice.resilience;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.lease.LeaseOptions;
import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * A leased worker process whose handler records the messages it got in {@code started} and then
 * hangs (a slow external call) while the heartbeat keeps the lease alive, until the test kills the
 * process with SIGKILL. A message with {@code "poison": true} halts the JVM at once instead.
 * Arguments: JDBC URL, schema, lease seconds, maxAttempts.
 */
public final class LeasedWorkerMain {
    public static void main(String[] args) throws Exception {
        String schema = args[1];
        Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(args[0]).schema(schema).migrate(false).build());
        LeaseOptions options = LeaseOptions.builder().concurrency(2).batchSize(5).lease(Duration.ofSeconds(Long.parseLong(args[2])))
                .maxAttempts(Integer.parseInt(args[3])).build();
        sluice.startLeasedWorkers("jobs", options, lease -> {
            for (ReceivedMessage m : lease.messages()) {
                if (m.payloadTree().path("poison").asBoolean()) {
                    Runtime.getRuntime().halt(3);
                }
            }
            try (Connection c = sluice.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".started VALUES (?)")) {
                for (ReceivedMessage m : lease.messages()) {
                    ps.setLong(1, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Thread.sleep(Long.MAX_VALUE);
        });
        Thread.sleep(Long.MAX_VALUE);
    }
}

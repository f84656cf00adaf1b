package dev.sluice.examples.versioning;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * A new-pipeline worker process for the kill test. It claims its first batch and has the parent's
 * Versioning service plan it, then reports "stuck" on a side connection and hangs before sending
 * the write and its commit, so the parent can kill it with SIGKILL mid-batch.
 */
public final class VersioningCrashWorkerMain {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        String sluiceSchema = args[2];
        URI versioningService = URI.create(args[3]);
        Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema(sluiceSchema).migrate(false).build());
        NewPipeline pipeline = new NewPipeline(sluice, schema, ServiceClient.newHttpClient(), versioningService);
        pipeline.beforeLastWrite(batch -> {
            try (Connection side = DriverManager.getConnection(url, "postgres", null);
                 PreparedStatement ps = side.prepareStatement("INSERT INTO " + schema + ".stuck VALUES (?)")) {
                ps.setInt(1, batch.size());
                ps.executeUpdate();
            }
            Thread.sleep(Duration.ofHours(1).toMillis());
        });
        pipeline.start(1, 150);
        Thread.sleep(Long.MAX_VALUE);
    }
}

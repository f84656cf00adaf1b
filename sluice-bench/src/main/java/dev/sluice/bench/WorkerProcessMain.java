package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.sql.PreparedStatement;

/**
 * One worker process of the scaling benchmark: handles queue {@code scale}, recording each message
 * id in {@code bench_handled} inside the batch transaction, so duplicates would show. Prints
 * {@code ready} once its workers run, and exits when its standard input closes.
 */
public final class WorkerProcessMain {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema("sluice_bench").migrate(false)
                .maxPoolSize(threads + 2).build())) {
            sluice.startWorkers("scale", WorkerOptions.builder().concurrency(threads).batchSize(batch).build(), b -> {
                try (PreparedStatement ps = b.connection().prepareStatement("INSERT INTO bench_handled (id) SELECT unnest(?::bigint[])")) {
                    ps.setArray(1, b.connection().createArrayOf("int8", b.messages().stream().map(ReceivedMessage::id).toArray()));
                    ps.executeUpdate();
                }
            });
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}

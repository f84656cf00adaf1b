package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.EmbeddedDatabase;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStats;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job: starts an embedded PostgreSQL (or uses --jdbc-url), creates a queue, enqueues a burst
 * of jobs in batches and burns it down with batch workers, with progress bars, then prints the figures.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoVersioningCommand.class,
        description = "Run the demo on an embedded PostgreSQL 17 (or --jdbc-url): enqueue a burst of jobs and process it, with figures.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", defaultValue = "${env:SLUICE_JDBC_URL}", description = "Use this PostgreSQL instead of an embedded one.")
    String jdbcUrl;

    @Option(names = "--jobs", defaultValue = "200000", description = "Jobs in the burst (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--workers", defaultValue = "4", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--batch", defaultValue = "150", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedDatabase embedded = null;
        String url = jdbcUrl;
        if (url == null || url.isBlank()) {
            out.println("Starting embedded PostgreSQL 17 (durable commits: fsync and synchronous_commit on)...");
            out.flush();
            embedded = EmbeddedDatabase.start(EmbeddedDatabase.Durability.DURABLE);
            url = embedded.jdbcUrl();
        }
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(url).schema("sluice_demo").maxPoolSize(workers + 4).build())) {
            if (sluice.queues().exists("demo")) {
                sluice.queues().drop("demo");
            }
            sluice.queues().create("demo");
            out.printf("Queue \"demo\" ready on %s%n", url);
            out.flush();
            AtomicLong enqueued = new AtomicLong();
            long start = System.nanoTime();
            try (ProgressBar bar = bar("enqueue", jobs)) {
                List<Message> messages = new ArrayList<>(2_000);
                for (int i = 0; i < jobs; i++) {
                    messages.add(Message.json("{\"order\":" + i + ",\"amount\":" + (i % 997) + "}"));
                    if (messages.size() == 2_000 || i == jobs - 1) {
                        sluice.enqueueBatch("demo", messages);
                        enqueued.addAndGet(messages.size());
                        bar.stepTo(enqueued.get());
                        messages.clear();
                    }
                }
            }
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            AtomicLong processed = new AtomicLong();
            long processStart = System.nanoTime();
            try (Workers running = sluice.startWorkers("demo", WorkerOptions.builder().concurrency(workers).batchSize(batch).build(),
                    b -> processed.addAndGet(b.size()));
                 ProgressBar bar = bar("process", jobs)) {
                while (processed.get() < jobs) {
                    bar.stepTo(processed.get());
                    Thread.sleep(50);
                }
                bar.stepTo(jobs);
            }
            double processSeconds = (System.nanoTime() - processStart) / 1e9;
            sluice.maintenance().flushCounters();
            QueueStats stats = sluice.queues().stats("demo");
            out.println();
            out.printf("enqueued   %,d jobs in %.2f s  = %,.0f jobs/s (batch API, %d per statement)%n", jobs, enqueueSeconds, jobs / enqueueSeconds, 2_000);
            out.printf("processed  %,d jobs in %.2f s  = %,.0f jobs/s (%d workers, batches of %d, one transaction per batch)%n",
                    jobs, processSeconds, jobs / processSeconds, workers, batch);
            out.printf("queue now: depth %d, processed total %d, failed %d, dead letters %d%n",
                    stats.depth(), stats.processed(), stats.failed(), stats.deadLetters());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        return 0;
    }

    private static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}

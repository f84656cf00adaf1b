package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueStats;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The first part of {@code sluice demo}: a queue, a burst of jobs enqueued with the batch API, and
 * batch workers burning it down, with progress bars on stderr and the figures on stdout.
 */
final class BurstDemo {

    /** The queue the burst goes through (dropped and recreated on each run). */
    static final String QUEUE = "demo";
    /** Messages per enqueue statement. */
    static final int ENQUEUE_BATCH = 2_000;

    private BurstDemo() {
    }

    /** The figures of one burst. */
    record Figures(long jobs, double enqueuePerSecond, double processPerSecond) {
    }

    /** Runs the burst; returns null when {@code stop} turned true (Ctrl-C) before the end. */
    static Figures run(Sluice sluice, int jobs, int workers, int batch, PrintWriter out, BooleanSupplier stop) throws InterruptedException, SQLException {
        if (sluice.queues().exists(QUEUE)) {
            sluice.queues().drop(QUEUE);
        }
        sluice.queues().create(QUEUE);
        out.printf(Locale.ROOT, "Queue \"%s\" created; enqueueing %,d jobs in batches of %,d...%n", QUEUE, jobs, ENQUEUE_BATCH);
        out.flush();
        long start = System.nanoTime();
        try (ProgressBar bar = bar("enqueue", jobs)) {
            List<Message> messages = new ArrayList<>(ENQUEUE_BATCH);
            long enqueued = 0;
            for (int i = 0; i < jobs; i++) {
                messages.add(Message.json("{\"order\":" + i + ",\"amount\":" + (i % 997) + "}"));
                if (messages.size() == ENQUEUE_BATCH || i == jobs - 1) {
                    if (stop.getAsBoolean()) {
                        return null;
                    }
                    sluice.enqueueBatch(QUEUE, messages);
                    enqueued += messages.size();
                    bar.stepTo(enqueued);
                    messages.clear();
                }
            }
        }
        double enqueueSeconds = (System.nanoTime() - start) / 1e9;
        AtomicLong processed = new AtomicLong();
        long processStart = System.nanoTime();
        try (Workers running = sluice.startWorkers(QUEUE, WorkerOptions.builder().concurrency(workers).batchSize(batch).build(),
                b -> processed.addAndGet(b.size()));
             ProgressBar bar = bar("process", jobs)) {
            while (processed.get() < jobs) {
                if (stop.getAsBoolean()) {
                    return null;
                }
                bar.stepTo(processed.get());
                Thread.sleep(20);
            }
            bar.stepTo(jobs);
        }
        double processSeconds = (System.nanoTime() - processStart) / 1e9;
        sluice.maintenance().flushCounters();
        QueueStats stats = sluice.queues().stats(QUEUE);
        Figures figures = new Figures(jobs, jobs / enqueueSeconds, jobs / processSeconds);
        out.println();
        out.printf(Locale.ROOT, "enqueued   %,d jobs in %.2f s  = %,.0f jobs/s (batch API, %,d per statement)%n",
                jobs, enqueueSeconds, figures.enqueuePerSecond(), ENQUEUE_BATCH);
        out.printf(Locale.ROOT, "processed  %,d jobs in %.2f s  = %,.0f jobs/s (%d workers, batches of %d, one transaction per batch)%n",
                jobs, processSeconds, figures.processPerSecond(), workers, batch);
        out.printf(Locale.ROOT, "queue now: depth %d, processed total %d, failed %d, dead letters %d%n",
                stats.depth(), stats.processed(), stats.failed(), stats.deadLetters());
        out.flush();
        return figures;
    }

    static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}

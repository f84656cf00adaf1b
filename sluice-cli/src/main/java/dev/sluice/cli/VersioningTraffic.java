package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.examples.versioning.ChangeWorkload;
import dev.sluice.examples.versioning.NewPipeline;
import dev.sluice.examples.versioning.VersioningSchema;
import dev.sluice.examples.versioning.VersioningServices;
import dev.sluice.worker.Workers;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;

/**
 * The versioning reference application running live in the demo: a seeded product catalogue, its
 * three services, the new pipeline (trigger capture into the {@code versioning} queue, batch
 * workers), and simulated product updates five times a second.
 */
final class VersioningTraffic implements AutoCloseable {

    private static final int TICKS_PER_SECOND = 5;
    /** Request threads of each of the three services. */
    static final int SERVICE_THREADS = 4;
    /** Pipeline worker threads. */
    static final int WORKERS = 4;
    /** Database connections this application may hold at once: services and workers. */
    static final int CONNECTIONS = 3 * SERVICE_THREADS + WORKERS;

    private final VersioningServices services;
    private final NewPipeline pipeline;
    private final Workers workers;
    private final ChangeWorkload workload;
    private final long products;
    private final int perTick;
    private final SplittableRandom random = new SplittableRandom();
    private final AtomicLong changed = new AtomicLong();
    private final TrafficLoop loop;

    private VersioningTraffic(Sluice sluice, String domainSchema, long products, int changesPerSecond) throws Exception {
        this.products = products;
        this.perTick = Math.max(1, changesPerSecond / TICKS_PER_SECOND);
        this.workload = new ChangeWorkload(sluice.dataSource(), domainSchema);
        this.services = VersioningServices.start(sluice.dataSource(), domainSchema, SERVICE_THREADS);
        Workers started = null;
        try {
            this.pipeline = new NewPipeline(sluice, domainSchema, services.http(), services.versioning().uri());
            pipeline.install();
            started = pipeline.start(WORKERS, 150);
            this.workers = started;
            this.loop = new TrafficLoop("product-updates", 1000 / TICKS_PER_SECOND, this::tick);
        } catch (Exception | Error e) {
            if (started != null) {
                started.close();
            }
            services.close();
            throw e;
        }
    }

    /**
     * Seeds {@code products} products into {@code domainSchema} (dropped and recreated), then starts
     * the services, the pipeline and the updates.
     */
    static VersioningTraffic start(Sluice sluice, String domainSchema, long products, int changesPerSecond, PrintWriter out) throws Exception {
        out.printf(Locale.ROOT, "Versioning application: seeding %,d products into schema %s...%n", products, domainSchema);
        out.flush();
        try (ProgressBar bar = BurstDemo.bar("seed", products)) {
            VersioningSchema.createAndSeed(sluice.dataSource(), domainSchema, products, (done, total) -> bar.stepTo(done));
        }
        // A previous run's captured changes point at products that were just re-seeded.
        if (sluice.queues().exists(NewPipeline.QUEUE)) {
            sluice.queues().drop(NewPipeline.QUEUE);
        }
        return new VersioningTraffic(sluice, domainSchema, products, changesPerSecond);
    }

    private void tick() throws Exception {
        // One eligible change each to a few random products, as the catalogue's writers would make them.
        workload.apply(ChangeWorkload.pick(products, (int) Math.min(products, perTick), random.nextLong()));
        changed.addAndGet(perTick);
    }

    /** Product changes applied so far. */
    long changes() {
        return changed.get();
    }

    /** Versions the pipeline wrote so far. */
    long versionsWritten() {
        return pipeline.versionsWritten();
    }

    long failures() {
        return loop.failures();
    }

    /** Stops the updates, then the workers (in-flight batches finish), then the services. */
    @Override
    public void close() throws InterruptedException {
        try {
            loop.close();
        } finally {
            try {
                workers.close();
            } finally {
                services.close();
            }
        }
    }
}

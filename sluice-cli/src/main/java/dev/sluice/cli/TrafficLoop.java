package dev.sluice.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one simulated client's step at a fixed period on its own daemon thread. A failed step is
 * counted and logged once, and the loop carries on: the demo's traffic must outlive a hiccup.
 */
final class TrafficLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrafficLoop.class);

    /** One step of traffic. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final String name;
    private final ScheduledExecutorService executor;
    private final AtomicLong failures = new AtomicLong();

    TrafficLoop(String name, long periodMillis, Step step) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-demo-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                step.run();
            } catch (Exception e) {
                if (failures.getAndIncrement() == 0) {
                    log.warn("Demo traffic \"{}\" failed a step (further failures are counted, not logged): {}", name, e.toString());
                }
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    long failures() {
        return failures.get();
    }

    /** Stops the loop and waits for a step in progress to finish. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Demo traffic \"{}\" did not stop within 10 s; interrupting it", name);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}

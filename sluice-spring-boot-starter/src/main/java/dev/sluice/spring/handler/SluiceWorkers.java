package dev.sluice.spring.handler;

import dev.sluice.Sluice;
import dev.sluice.spring.autoconfigure.SluiceProperties;
import dev.sluice.tracing.SluiceTracing;
import dev.sluice.worker.BatchHandler;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the workers of every handler in the context once it has started, and stops them
 * gracefully when it closes: in-flight batches finish (up to {@code sluice.shutdown-timeout}),
 * within Spring's {@code spring.lifecycle.timeout-per-shutdown-phase}. Stopped before the web
 * server and the data source, so a batch never loses its connection mid-way.
 */
public class SluiceWorkers implements SmartLifecycle {

    /** Late to start, early to stop: after everything a handler may call is up. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(SluiceWorkers.class);

    private final Sluice sluice;
    private final DataSource dataSource;
    private final SluiceProperties properties;
    private final SluiceTracing tracing;
    private final Supplier<List<HandlerRegistration>> handlers;
    private final List<Workers> running = new ArrayList<>();
    private volatile boolean started;

    /**
     * @param handlers every handler of the context, read at start
     */
    public SluiceWorkers(Sluice sluice, DataSource dataSource, SluiceProperties properties, SluiceTracing tracing,
                         Supplier<List<HandlerRegistration>> handlers) {
        this.sluice = sluice;
        this.dataSource = dataSource;
        this.properties = properties;
        this.tracing = tracing;
        this.handlers = handlers;
    }

    /** Handlers in the context, by queue; two handlers for one queue fail the start, naming both. */
    private Map<String, HandlerRegistration> byQueue() {
        Map<String, HandlerRegistration> byQueue = new LinkedHashMap<>();
        for (HandlerRegistration r : handlers.get()) {
            HandlerRegistration other = byQueue.putIfAbsent(r.queue(), r);
            if (other != null) {
                throw new IllegalStateException("Queue \"" + r.queue() + "\" has two handlers: " + other.source() + " and "
                        + r.source() + ". A queue has one handler; give the other a queue of its own.");
            }
        }
        return byQueue;
    }

    /** The options a handler's workers run with: properties over annotation over defaults. */
    public WorkerOptions optionsFor(HandlerRegistration r) {
        WorkerOptions.Builder fromHandler = WorkerOptions.builder();
        if (r.concurrency() > 0) {
            fromHandler.concurrency(r.concurrency());
        }
        if (r.batchSize() > 0) {
            fromHandler.batchSize(r.batchSize());
        }
        if (r.maxAttempts() > 0) {
            fromHandler.maxAttempts(r.maxAttempts());
        }
        WorkerOptions base = fromHandler.build();
        SluiceProperties.Queue queue = properties.getQueues().get(r.queue());
        return queue == null ? base : queue.workerOptions(base);
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        Map<String, HandlerRegistration> byQueue = byQueue();
        Map<String, WorkerOptions> options = new HashMap<>();
        byQueue.values().forEach(r -> options.put(r.queue(), optionsFor(r))); // fails before anything starts
        if (properties.isCreateQueues()) {
            properties.getQueues().forEach((name, q) -> sluice.queues().create(name, q.queueOptions()));
            byQueue.keySet().forEach(name -> sluice.queues().create(name));
        }
        tracing.purge(sluice.dataSource());
        try {
            for (HandlerRegistration r : byQueue.values()) {
                BatchHandler handler = tracing.wrap(BatchTransactionBinding.bind(dataSource, r.handler()));
                running.add(sluice.startWorkers(r.queue(), options.get(r.queue()), handler));
                log.info("Sluice workers started for queue {} ({}, {})", r.queue(), r.source(), options.get(r.queue()));
            }
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        started = true;
    }

    @Override
    public void stop(Runnable callback) {
        // Spring waits for the callback up to timeout-per-shutdown-phase; the close waits up to shutdownTimeout.
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "sluice-workers-stop");
        stopper.start();
    }

    @Override
    public synchronized void stop() {
        stopAll();
        started = false;
    }

    private void stopAll() {
        running.parallelStream().forEach(Workers::close);
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The queues whose workers run here. */
    public synchronized List<String> queues() {
        return running.stream().map(Workers::queue).toList();
    }
}

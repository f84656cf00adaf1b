package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Time from an enqueue's commit to the start of the handler that receives it, at a fixed offered
 * rate, for three consumers measured in turns of one second each (so that all three see the same
 * machine load, which on a shared 2-core machine swings from second to second): Sluice woken by
 * NOTIFY, the hand-written {@link LatencyBaseline}, and Sluice with NOTIFY off, polling every
 * {@link #POLL_INTERVAL}. The baseline has as many consumers as Sluice has workers, and all three
 * stamp the same point: the handler's start (claimed, before the acknowledging commit). The commit
 * time is taken when enqueue returns (after COMMIT), so figures are, if anything, slightly low by one
 * network return.
 */
final class LatencyPhase {

    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    static final int WARMUP_SECONDS = 3;
    static final int PRODUCERS = 4;
    private static final String[] MODES = {"NOTIFY", "baseline", "polling"};

    private final String url;
    private final QueueBenchOptions options;

    LatencyPhase(String url, QueueBenchOptions options) {
        this.url = url;
        this.options = options;
    }

    Map<String, Object> run() throws Exception {
        Histogram[] h = measure();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("latency_p50_ms", millis(h[0], 50));
        result.put("latency_p99_ms", millis(h[0], 99));
        result.put("latency_max_ms", h[0].getMaxValue() / 1000.0);
        result.put("latency_sql_baseline_p50_ms", millis(h[1], 50));
        result.put("latency_sql_baseline_p99_ms", millis(h[1], 99));
        result.put("latency_polling_p50_ms", millis(h[2], 50));
        result.put("latency_polling_p99_ms", millis(h[2], 99));
        result.put("latency_polling_interval_ms", POLL_INTERVAL.toMillis());
        result.put("latency_rate_per_s", options.rate());
        result.put("latency_measured_per_mode", h[0].getTotalCount());
        result.put("latency_consumers", options.workers());
        return result;
    }

    static double millis(Histogram h, double percentile) {
        return Math.round(h.getValueAtPercentile(percentile) / 10.0) / 100.0;
    }

    /** Which consumer message {@code seq} goes to: turns of one second (rate messages) each. */
    private int mode(int seq) {
        return (seq / options.rate()) % MODES.length;
    }

    /** The first seconds of each consumer warm up the JIT, the pools and the plan caches: sent, not counted. */
    private boolean warmUp(int seq) {
        return seq / options.rate() < WARMUP_SECONDS * MODES.length;
    }

    private Histogram[] measure() throws Exception {
        long seconds = WARMUP_SECONDS + Math.max(1, options.latencyDuration().toSeconds());
        int count = (int) (options.rate() * seconds * MODES.length);
        AtomicLongArray committed = new AtomicLongArray(count);
        AtomicLongArray started = new AtomicLongArray(count);
        AtomicLong handled = new AtomicLong();
        try (Sluice notify = start(true, started, handled);
             Sluice polling = start(false, started, handled);
             LatencyBaseline baseline = new LatencyBaseline(url, options.workers(), options.batch(), started, handled)) {
            while (!notify.isListening()) {
                Thread.sleep(10);
            }
            // Several application threads enqueue, as in a service: 4 producers, each a quarter of the rate.
            AtomicInteger nextSeq = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                Thread producer = new Thread(() -> {
                    long interval = 1_000_000_000L * PRODUCERS / options.rate();
                    long next = System.nanoTime();
                    try (LatencyBaseline.Producer direct = new LatencyBaseline.Producer(url)) {
                        int seq;
                        while ((seq = nextSeq.getAndIncrement()) < count) {
                            LockSupport.parkNanos(next - System.nanoTime());
                            switch (mode(seq)) {
                                case 0 -> notify.enqueue("latency_notify", Message.json("{\"seq\":" + seq + "}"));
                                case 1 -> direct.send(seq);
                                default -> polling.enqueue("latency_polling", Message.json("{\"seq\":" + seq + "}"));
                            }
                            committed.set(seq, System.nanoTime());
                            next += interval;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "latency-producer-" + p);
                producer.start();
                threads.add(producer);
            }
            Progress.follow("latency (NOTIFY / hand-written / polling " + POLL_INTERVAL.toMillis() + " ms, in turns)", count, handled::get);
            for (Thread t : threads) {
                t.join();
            }
        }
        Histogram[] histograms = new Histogram[MODES.length];
        for (int m = 0; m < MODES.length; m++) {
            histograms[m] = new Histogram(60_000_000L, 3);
        }
        for (int seq = 0; seq < count; seq++) {
            if (!warmUp(seq)) {
                // A handler can start before the producer thread has read the clock after COMMIT.
                histograms[mode(seq)].recordValue(Math.max(0, (started.get(seq) - committed.get(seq)) / 1_000));
            }
        }
        return histograms;
    }

    /** A Sluice with its own queue and workers that stamp {@code started[seq]} on handler start. */
    private Sluice start(boolean listenNotify, AtomicLongArray started, AtomicLong handled) {
        SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema("sluice_bench")
                .listenNotify(listenNotify).pollInterval(listenNotify ? Duration.ofSeconds(1) : POLL_INTERVAL)
                .maxPoolSize(options.workers() + PRODUCERS + 2).build(); // nobody waits for a connection
        Sluice sluice = Sluice.start(config);
        String queue = listenNotify ? "latency_notify" : "latency_polling";
        if (sluice.queues().exists(queue)) {
            sluice.queues().drop(queue);
        }
        sluice.queues().create(queue);
        sluice.startWorkers(queue, WorkerOptions.builder().concurrency(options.workers()).batchSize(options.batch()).build(), batch -> {
            long now = System.nanoTime();
            for (ReceivedMessage m : batch.messages()) {
                started.compareAndSet(m.payloadTree().path("seq").asInt(), 0, now);
            }
            handled.addAndGet(batch.size());
        });
        return sluice;
    }
}

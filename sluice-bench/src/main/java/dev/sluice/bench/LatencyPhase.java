package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Time from an enqueue's commit to the start of the handler that receives it, at a fixed offered
 * rate, once woken by NOTIFY and once by polling alone. The commit time is taken when enqueue
 * returns (after COMMIT), so figures are, if anything, slightly low by one network return.
 */
final class LatencyPhase {

    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    static final int WARMUP_SECONDS = 3;
    static final int PRODUCERS = 4;

    private final String url;
    private final QueueBenchOptions options;

    LatencyPhase(String url, QueueBenchOptions options) {
        this.url = url;
        this.options = options;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Histogram notify = measure(true);
        result.put("latency_p50_ms", millis(notify, 50));
        result.put("latency_p99_ms", millis(notify, 99));
        result.put("latency_max_ms", notify.getMaxValue() / 1000.0);
        Histogram polling = measure(false);
        result.put("latency_polling_p50_ms", millis(polling, 50));
        result.put("latency_polling_p99_ms", millis(polling, 99));
        result.put("latency_polling_interval_ms", POLL_INTERVAL.toMillis());
        result.put("latency_rate_per_s", options.rate());
        return result;
    }

    private static double millis(Histogram h, double percentile) {
        return Math.round(h.getValueAtPercentile(percentile) / 10.0) / 100.0;
    }

    private Histogram measure(boolean listenNotify) throws Exception {
        // The first seconds warm up the JIT, the pools and the plan caches; they are sent but not counted.
        int warmup = options.rate() * WARMUP_SECONDS;
        int count = warmup + (int) Math.max(1, options.rate() * options.latencyDuration().toMillis() / 1000);
        AtomicLongArray committed = new AtomicLongArray(count);
        AtomicLongArray started = new AtomicLongArray(count);
        AtomicLong handled = new AtomicLong();
        SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema("sluice_bench")
                .listenNotify(listenNotify).pollInterval(listenNotify ? Duration.ofSeconds(1) : POLL_INTERVAL)
                .maxPoolSize(options.workers() + PRODUCERS + 2).build(); // nobody waits for a connection
        try (Sluice sluice = Sluice.start(config)) {
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
            if (listenNotify) {
                while (!sluice.isListening()) {
                    Thread.sleep(10);
                }
            }
            // Several application threads enqueue, as in a service: 4 producers, each a quarter of the rate.
            int producers = PRODUCERS;
            java.util.concurrent.atomic.AtomicInteger nextSeq = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Thread producer = new Thread(() -> {
                    long interval = 1_000_000_000L * producers / options.rate();
                    long next = System.nanoTime();
                    int seq;
                    while ((seq = nextSeq.getAndIncrement()) < count) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        sluice.enqueue(queue, Message.json("{\"seq\":" + seq + "}"));
                        committed.set(seq, System.nanoTime());
                        next += interval;
                    }
                }, "latency-producer-" + p);
                producer.start();
                threads.add(producer);
            }
            Progress.follow("latency (" + (listenNotify ? "NOTIFY" : "polling " + POLL_INTERVAL.toMillis() + " ms") + ")", count, handled::get);
            for (Thread t : threads) {
                t.join();
            }
        }
        Histogram histogram = new Histogram(60_000_000L, 3);
        for (int i = warmup; i < count; i++) {
            // A handler can start before the producer thread has read the clock after COMMIT.
            histogram.recordValue(Math.max(0, (started.get(i) - committed.get(i)) / 1_000));
        }
        return histogram;
    }
}

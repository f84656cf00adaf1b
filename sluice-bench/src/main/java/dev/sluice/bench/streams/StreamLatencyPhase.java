package dev.sluice.bench.streams;

import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.Streams;
import dev.sluice.streams.Subscriber;
import dev.sluice.streams.SubscriberOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency: events offered at a fixed rate, one append transaction each; the latency of an
 * event is from its intended send time (so a stalled producer cannot hide delay) to the start of
 * the handler that receives it, per subscription, recorded in an HdrHistogram.
 */
final class StreamLatencyPhase {

    static final int PRODUCERS = 8;

    private final Streams streams;
    private final StreamBenchOptions o;

    StreamLatencyPhase(Streams streams, StreamBenchOptions o) {
        this.streams = streams;
        this.o = o;
    }

    Map<String, Object> run(List<Integer> subscriptionCounts) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("latency_rate_per_s", o.latencyRate());
        for (int count : subscriptionCounts) {
            String stream = "lat" + count;
            streams.drop(stream);
            streams.create(stream, dev.sluice.streams.StreamOptions.DEFAULTS);
            Histogram h = new Histogram(60_000_000_000L, 3);
            Histogram fromCommit = new Histogram(60_000_000_000L, 3);
            java.util.concurrent.ConcurrentHashMap<Long, Long> committedAt = new java.util.concurrent.ConcurrentHashMap<>();
            List<Subscriber> subs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                subs.add(streams.subscribe(stream, "s" + i, StartFrom.latest(), SubscriberOptions.DEFAULTS, batch -> {
                    long now = System.nanoTime();
                    synchronized (h) {
                        for (var e : batch.events()) {
                            h.recordValue(Math.max(0, now - e.tree().get("t").asLong()));
                            Long commit = committedAt.get(e.id());
                            // null or later: the NOTIFY woke the handler before the producer saw its commit return
                            fromCommit.recordValue(commit == null ? 0 : Math.max(0, now - commit));
                        }
                    }
                }));
            }
            Thread.sleep(500); // the LISTEN is in place
            long interval = 1_000_000_000L / o.latencyRate();
            int total = o.latencyRate() * o.latencySeconds();
            long start = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger slot = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                // Several producers share one schedule, so that one connection's commit time (fsync) does not cap the offered rate.
                Thread t = new Thread(() -> {
                    int i;
                    while ((i = slot.getAndIncrement()) < total) {
                        long intended = start + i * interval;
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        long id = streams.append(stream, StreamRecord.ofJson("k" + (i % 100), "{\"t\":" + intended + "}"));
                        committedAt.put(id, System.nanoTime());
                    }
                });
                t.start();
                producers.add(t);
            }
            for (Thread t : producers) {
                t.join();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (subs.stream().anyMatch(s -> s.delivered() < total) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            for (Subscriber s : subs) {
                s.close();
                StreamBenchmark.check(s.delivered() == total, "latency subscription " + s.subscription() + " got every event once");
            }
            r.put("latency_" + count + "sub_p50_ms", ms(h.getValueAtPercentile(50)));
            r.put("latency_" + count + "sub_p99_ms", ms(h.getValueAtPercentile(99)));
            r.put("latency_" + count + "sub_max_ms", ms(h.getMaxValue()));
            r.put("commit_to_handler_" + count + "sub_p50_ms", ms(fromCommit.getValueAtPercentile(50)));
            r.put("commit_to_handler_" + count + "sub_p99_ms", ms(fromCommit.getValueAtPercentile(99)));
            System.err.printf("latency, %d subscription(s): from intended send p50 %.1f ms, p99 %.1f ms; from commit p50 %.1f ms, p99 %.1f ms%n",
                    count, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                    ms(fromCommit.getValueAtPercentile(50)), ms(fromCommit.getValueAtPercentile(99)));
        }
        return r;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }
}

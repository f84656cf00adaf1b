package dev.sluice.bench.streams;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.bench.Result;
import dev.sluice.embedded.DurableTarget;
import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamOptions;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.Streams;
import dev.sluice.streams.StreamsConfig;
import dev.sluice.streams.Subscriber;
import dev.sluice.streams.SubscriberOptions;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stream benchmark: append throughput (batches of 150 and 1,000) and catch-up read throughput (one
 * subscription, then several at once), each as a ratio to a bare-INSERT floor measured in the same run
 * with the same connections, batch sizes and statement shape; then open-loop end-to-end latency
 * (commit to handler). Progress on stderr, figures as one JSON line on {@code out}.
 */
public final class StreamBenchmark {

    static final String SCHEMA = "sluice_bench_streams";

    private StreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(StreamBenchOptions.parse(args), System.out);
    }

    public static Result run(StreamBenchOptions o, PrintStream out) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        try (DurableTarget target = DurableTarget.of(o.jdbcUrl(), System.err::println);
             Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(target.jdbcUrl()).schema(SCHEMA)
                     .maxPoolSize(Math.max(o.connections() + o.fanOut(), StreamLatencyPhase.PRODUCERS + o.latencySubscriptions().stream()
                             .mapToInt(Integer::intValue).max().orElse(1)) + 4).build());
             Streams streams = Streams.start(sluice, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO))) {
            r.put("server", Floor.settings(sluice.dataSource()));
            r.put("cores", Runtime.getRuntime().availableProcessors());
            r.put("cpu", cpuModel());
            r.put("date", java.time.Instant.now().toString());
            r.put("options", o.toString());
            r.put("events", o.events());
            r.put("connections", o.connections());
            r.put("parts", o.parts());
            // The broker starts after the PostgreSQL throughput runs (idle PostgreSQL meanwhile), then serves the latency runs too.
            KafkaBroker broker = null;
            boolean tried = false;
            try {
                if (o.parts().contains("throughput")) {
                    Map<String, Double> streamRates = new LinkedHashMap<>();
                    long appended = throughput(sluice, streams, o, r, streamRates);
                    broker = startKafka(o, r);
                    tried = true;
                    if (broker != null) {
                        r.putAll(kafka(broker, o, appended, streamRates));
                    }
                }
                if (o.parts().contains("latency")) {
                    r.putAll(new StreamLatencyPhase(streams, o).run(o.latencySubscriptions()));
                    broker = tried ? broker : startKafka(o, r);
                    if (broker != null) {
                        r.putAll(new KafkaLatency(broker, o).run(o.latencySubscriptions())); // a consumer group per subscription
                    }
                }
            } finally {
                if (broker != null) {
                    broker.close();
                }
            }
            if (o.parts().contains("held") && !o.holdSnapshot().isZero()) {
                r.putAll(new StreamHeldSnapshotPhase(streams, target.jdbcUrl(), SCHEMA, o).run());
            }
        }
        Result figures = new Result(r);
        out.println(figures.toJson());
        return figures;
    }


    /** Append, catch-up and fan-out, each as a ratio to the floor; returns how many events the stream holds. */
    private static long throughput(Sluice sluice, Streams streams, StreamBenchOptions o, Map<String, Object> r,
                                   Map<String, Double> streamRates) throws Exception {
        Floor floor = new Floor(sluice.dataSource());
        streams.drop("bench");
        streams.create("bench", StreamOptions.builder().retention(null).build());
        floor.create();
        long appended = 0;
        for (int batch : o.batchSizes()) {
            // Alternate floor and stream so that drift on a shared machine hits both.
            double bare = appendRate("floor b=" + batch, o, batch, (c, keys, payloads) -> floor.insert(c, keys, payloads), sluice);
            double stream = appendRate("stream b=" + batch, o, batch, (c, keys, payloads) -> streams.append(c, "bench", records(keys, payloads)), sluice);
            appended += (long) (o.events() / batch) * batch;
            r.put("append_b" + batch + "_floor_per_s", Math.round(bare));
            r.put("append_b" + batch + "_stream_per_s", Math.round(stream));
            r.put("append_b" + batch + "_ratio", ratio(stream, bare));
            streamRates.put("append_b" + batch, stream);
        }
        check(streams.stats("bench").events() == appended && floor.count() == appended, "append end state: every committed event counted");
        if (o.catchUpEvents() > appended) {
            long more = o.catchUpEvents() - appended;
            StreamBenchOptions topUp = o.withEvents((int) more);
            appendRate("floor top-up", topUp, 1000, (c, keys, payloads) -> floor.insert(c, keys, payloads), sluice);
            appendRate("stream top-up", topUp, 1000, (c, keys, payloads) -> streams.append(c, "bench", records(keys, payloads)), sluice);
            appended += more / 1000 * 1000;
            check(streams.stats("bench").events() == appended && floor.count() == appended, "top-up end state: every committed event counted");
        }

        long t0 = System.nanoTime();
        long bareRead = floor.readAll("one", o.readBatch());
        double bareReadRate = bareRead / seconds(t0);
        double streamReadRate = catchUp(streams, List.of("one"), o, appended);
        r.put("read_events", appended);
        r.put("read_floor_per_s", Math.round(bareReadRate));
        r.put("read_stream_per_s", Math.round(streamReadRate));
        r.put("read_ratio", ratio(streamReadRate, bareReadRate));
        streamRates.put("read", streamReadRate);

        List<String> names = new ArrayList<>();
        for (int i = 0; i < o.fanOut(); i++) {
            names.add("fan" + i);
        }
        double bareFan = fanOutFloor(floor, names, o);
        double streamFan = catchUp(streams, names, o, appended);
        r.put("fanout_subscriptions", o.fanOut());
        r.put("fanout_floor_total_per_s", Math.round(bareFan));
        r.put("fanout_stream_total_per_s", Math.round(streamFan));
        r.put("fanout_ratio", ratio(streamFan, bareFan));
        streamRates.put("fanout", streamFan);
        return appended;
    }

    /** The Kafka broker, or null when --kafka off or (auto) it did not start; recorded in {@code r}. */
    private static KafkaBroker startKafka(StreamBenchOptions o, Map<String, Object> r) throws Exception {
        if (o.kafka().equals("off")) {
            r.put("kafka", "off");
            return null;
        }
        try {
            KafkaBroker broker = KafkaBroker.start();
            r.put("kafka", "4.4.0 KRaft single node in a child JVM, topics of " + o.connections() + " partitions");
            r.put("kafka_durability", new java.util.TreeMap<>(KafkaBroker.DURABILITY).toString());
            return broker;
        } catch (Exception e) {
            if (o.kafka().equals("on")) {
                throw e;
            }
            System.err.println("Kafka skipped: its broker did not start (" + e.getMessage() + ")");
            r.put("kafka", "skipped: " + e.getMessage());
            return null;
        }
    }

    /**
     * The same append, catch-up and fan-out through Kafka (the PostgreSQL side is idle meanwhile), as
     * ratios stream/Kafka.
     */
    private static Map<String, Object> kafka(KafkaBroker broker, StreamBenchOptions o, long appended, Map<String, Double> streamRates)
            throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        broker.createTopic("warmup", o.connections());
        new KafkaSide(broker, o, "warmup").append("kafka warm-up (not counted)", 20_000, 1000); // the broker's JIT, as PostgreSQL is warm
        broker.createTopic("bench", o.connections());
        KafkaSide side = new KafkaSide(broker, o, "bench");
        long produced = 0;
        for (int batch : o.batchSizes()) {
            double rate = side.append("kafka b=" + batch, o.events(), batch);
            produced += (long) (o.events() / batch) * batch;
            r.put("kafka_append_b" + batch + "_per_s", Math.round(rate));
            r.put("stream_vs_kafka_append_b" + batch, ratio(streamRates.get("append_b" + batch), rate));
        }
        if (appended > produced) {
            side.append("kafka top-up", (int) (appended - produced), 1000);
            produced = appended;
        }
        double read = side.read(List.of("one"), produced);
        r.put("kafka_read_per_s", Math.round(read));
        r.put("stream_vs_kafka_read", ratio(streamRates.get("read"), read));
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < o.fanOut(); i++) {
            groups.add("fan" + i);
        }
        double fan = side.read(groups, produced);
        r.put("kafka_fanout_total_per_s", Math.round(fan));
        r.put("stream_vs_kafka_fanout", ratio(streamRates.get("fanout"), fan));
        return r;
    }

    static List<StreamRecord> records(String[] keys, String[] payloads) {
        List<StreamRecord> records = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            records.add(StreamRecord.ofJson(keys[i], payloads[i]));
        }
        return records;
    }

    @FunctionalInterface
    interface Insert {
        void run(Connection c, String[] keys, String[] payloads) throws Exception;
    }

    private static double appendRate(String label, StreamBenchOptions o, int batch, Insert insert, Sluice sluice) throws Exception {
        int batches = o.events() / batch;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < o.connections(); t++) {
            Thread thread = new Thread(() -> {
                String[] keys = new String[batch];
                String[] payloads = new String[batch];
                try (Connection c = sluice.dataSource().getConnection()) {
                    long b;
                    while ((b = next.getAndIncrement()) < batches) {
                        for (int i = 0; i < batch; i++) {
                            long n = b * batch + i;
                            keys[i] = "player-" + (n % 1000);
                            payloads[i] = "{\"player\":\"player-" + (n % 1000) + "\",\"score\":" + (n * 7 % 10_000) + ",\"n\":" + n + "}";
                        }
                        insert.run(c, keys, payloads); // autocommit: one transaction per batch, committed
                        done.addAndGet(batch);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(label + " failed", e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        double rate = done.get() / seconds(start);
        System.err.printf("%s: %,d events in %.1f s = %,.0f/s%n", label, done.get(), seconds(start), rate);
        check(done.get() == (long) batches * batch, label + ": all batches committed");
        return rate;
    }

    /** Subscriptions reading the whole stream concurrently from EARLIEST; total events per second. */
    private static double catchUp(Streams streams, List<String> names, StreamBenchOptions o, long expected) throws Exception {
        List<Subscriber> subs = new ArrayList<>();
        long start = System.nanoTime();
        for (String name : names) {
            streams.subscriptions().delete("bench", name);
            subs.add(streams.subscribe("bench", name, StartFrom.earliest(),
                    SubscriberOptions.DEFAULTS.withBatchSize(o.readBatch()).withPollInterval(Duration.ofMillis(50)), batch -> {
                        for (var e : batch.events()) {
                            e.json(); // touch the payload, as the floor reader does
                        }
                    }));
        }
        while (subs.stream().anyMatch(s -> s.delivered() < expected)) {
            Thread.sleep(20);
        }
        double rate = (double) expected * names.size() / seconds(start);
        for (Subscriber s : subs) {
            s.close();
            check(s.delivered() == expected, "subscription " + s.subscription() + " delivered exactly " + expected);
            check(streams.subscriptions().stats("bench", s.subscription()).orElseThrow().lagEvents() == 0, "no lag left");
        }
        System.err.printf("stream read x%d: %,.0f events/s in total%n", names.size(), rate);
        return rate;
    }

    private static double fanOutFloor(Floor floor, List<String> names, StreamBenchOptions o) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong total = new AtomicLong();
        long start = System.nanoTime();
        for (String name : names) {
            Thread t = new Thread(() -> {
                try {
                    total.addAndGet(floor.readAll(name, o.readBatch()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double rate = total.get() / seconds(start);
        System.err.printf("floor read x%d: %,.0f rows/s in total%n", names.size(), rate);
        return rate;
    }

    static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double ratio(double a, double b) {
        return Math.round(a / b * 100) / 100.0;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("End-state check failed: " + what);
        }
    }
}

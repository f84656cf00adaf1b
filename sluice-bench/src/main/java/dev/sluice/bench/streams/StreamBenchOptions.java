package dev.sluice.bench.streams;

import java.util.List;

/**
 * Options of {@link StreamBenchmark}.
 *
 * @param jdbcUrl a PostgreSQL to run against; null: an embedded one with fsync and synchronous_commit on
 * @param events events appended per batch size and per side (stream and floor)
 * @param connections concurrent appending connections, the same for the stream and the floor
 * @param batchSizes append batch sizes
 * @param readBatch events per consume transaction, the same for the stream and the floor
 * @param fanOut subscriptions reading the stream concurrently (and floor readers)
 * @param latencyRate events per second offered in the latency phase (open loop)
 * @param latencySeconds length of each latency run
 * @param latencySubscriptions subscription counts of the latency runs
 * @param catchUpEvents events the catch-up read covers: the stream (and the floor) are topped up with
 *        batches of 1,000 to this many before the reads (0: only what the append phases wrote)
 * @param kafka whether to run the same workload through a Kafka broker in a child JVM ("auto": when it starts)
 * @param parts which parts run: throughput (append, catch-up, fan-out; Kafka's too), latency (Sluice's and
 *        Kafka's end to end), held (the stream read under a held REPEATABLE READ snapshot)
 * @param holdSnapshot how long the held part holds the snapshot (after a window of up to 60 s without)
 * @param heldRate events per second appended during the held part
 * @param heldSample how often the held part samples dead tuples and read throughput
 * @param holdWithXid whether the holder also takes a transaction id (which holds back every subscription)
 */
public record StreamBenchOptions(String jdbcUrl, int events, int connections, List<Integer> batchSizes, int readBatch,
                                 int fanOut, int latencyRate, int latencySeconds, List<Integer> latencySubscriptions,
                                 int catchUpEvents, String kafka, List<String> parts, java.time.Duration holdSnapshot, int heldRate,
                                 java.time.Duration heldSample, boolean holdWithXid) {

    /** The same options with another events count (the catch-up top-up). */
    public StreamBenchOptions withEvents(int n) {
        return new StreamBenchOptions(jdbcUrl, n, connections, List.of(1000), readBatch, fanOut, latencyRate, latencySeconds,
                latencySubscriptions, 0, kafka, parts, holdSnapshot, heldRate, heldSample, holdWithXid);
    }

    public static final String USAGE = "--jdbc-url URL --events N (100000 per batch size) --connections 4 --batches 150,1000 --read-batch 1000"
            + " --fan-out 16 --latency-rate 200 --latency-seconds 10 --latency-subscriptions 1,4,16"
            + " --catch-up-events N (0: what was appended; 1000000 for the full catch-up) --kafka auto|on|off"
            + " --parts throughput,latency,held --hold-snapshot 300s --held-rate 2000 --held-sample 10s --hold-with-xid";

    /** The held part appends in batches of 100 from 2 producers. */
    private static final int APPEND_BATCH_FLOOR = 200;

    public static StreamBenchOptions parse(String[] args) {
        String url = null;
        int events = 100_000;
        int connections = 4;
        List<Integer> batches = List.of(150, 1000);
        int readBatch = 1000;
        int fanOut = 16;
        int rate = 200;
        int seconds = 10;
        List<Integer> latencySubs = List.of(1, 4, 16);
        int catchUp = 0;
        String kafka = "auto";
        List<String> parts = List.of("throughput", "latency", "held");
        java.time.Duration hold = java.time.Duration.ofMinutes(5);
        int heldRate = 2000;
        java.time.Duration heldSample = java.time.Duration.ofSeconds(10);
        boolean withXid = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--jdbc-url" -> url = v;
                case "--events" -> events = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--batches" -> batches = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--read-batch" -> readBatch = Integer.parseInt(v);
                case "--fan-out" -> fanOut = Integer.parseInt(v);
                case "--latency-rate" -> rate = Integer.parseInt(v);
                case "--latency-seconds" -> seconds = Integer.parseInt(v);
                case "--latency-subscriptions" -> latencySubs = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--catch-up-events" -> catchUp = Integer.parseInt(v);
                case "--kafka" -> kafka = v;
                case "--parts" -> parts = List.of(v.split(","));
                case "--hold-snapshot" -> hold = dev.sluice.DurationText.parse(v);
                case "--held-rate" -> heldRate = Integer.parseInt(v);
                case "--held-sample" -> heldSample = dev.sluice.DurationText.parse(v);
                case "--hold-with-xid" -> {
                    withXid = true;
                    i--; // a flag: no value
                }
                default -> throw new IllegalArgumentException("Unknown option " + a + ". Options: " + USAGE);
            }
            i++;
        }
        if (events < 1000 || connections < 1 || readBatch < 1 || fanOut < 1 || rate < 1 || seconds < 1 || catchUp < 0
                || latencySubs.stream().anyMatch(n -> n < 1 || n > 64)) {
            throw new IllegalArgumentException("events must be at least 1000, latency subscriptions 1 to 64, catch-up events 0 or more,"
                    + " and every other count positive.");
        }
        if (!List.of("auto", "on", "off").contains(kafka)) {
            throw new IllegalArgumentException("--kafka takes auto, on or off; got " + kafka + ".");
        }
        if (!List.of("throughput", "latency", "held").containsAll(parts)) {
            throw new IllegalArgumentException("--parts takes throughput, latency and/or held, comma-separated; got " + parts + ".");
        }
        if (heldRate < APPEND_BATCH_FLOOR || heldSample.isNegative() || heldSample.isZero() || hold.isNegative()) {
            throw new IllegalArgumentException("--held-rate must be at least " + APPEND_BATCH_FLOOR + " and --held-sample and --hold-snapshot positive.");
        }
        return new StreamBenchOptions(url, events, connections, batches, readBatch, fanOut, rate, seconds, latencySubs, catchUp, kafka,
                parts, hold, heldRate, heldSample, withXid);
    }
}

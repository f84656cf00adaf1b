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
 */
public record StreamBenchOptions(String jdbcUrl, int events, int connections, List<Integer> batchSizes, int readBatch,
                                 int fanOut, int latencyRate, int latencySeconds) {

    public static StreamBenchOptions parse(String[] args) {
        String url = null;
        int events = 150_000;
        int connections = 4;
        List<Integer> batches = List.of(150, 1000);
        int readBatch = 1000;
        int fanOut = 4;
        int rate = 200;
        int seconds = 10;
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
                default -> throw new IllegalArgumentException("Unknown option " + a + ". Options: --jdbc-url, --events, --connections, "
                        + "--batches 150,1000, --read-batch, --fan-out, --latency-rate, --latency-seconds");
            }
            i++;
        }
        if (events < 1000 || connections < 1 || readBatch < 1 || fanOut < 1 || rate < 1 || seconds < 1) {
            throw new IllegalArgumentException("events must be at least 1000 and every other count positive.");
        }
        return new StreamBenchOptions(url, events, connections, batches, readBatch, fanOut, rate, seconds);
    }
}

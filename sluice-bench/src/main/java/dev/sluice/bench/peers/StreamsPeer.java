package dev.sluice.bench.peers;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.streams.StartFrom;
import dev.sluice.streams.StreamEvent;
import dev.sluice.streams.StreamOptions;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.Streams;
import dev.sluice.streams.Subscriber;
import dev.sluice.streams.SubscriberOptions;
import dev.sluice.streams.SubscriptionStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sluice's event streams ({@code sluice-streams}), the model PgQ has and the job queues have not: an
 * append-only log read by a subscription that keeps one durable position, so consuming a batch is
 * one position update, never a delete or update per event. Shown as a row of its own, labelled as a
 * different model, next to PgQ; it is not Sluice's queue and does not count for the queue's goals.
 * One subscription, read by one subscriber (a subscription's batches are read one at a time).
 */
final class StreamsPeer extends InProcessPeer {

    static final String NAME = "sluice-streams";
    private static final String STREAM = "bench";
    private static final String SUBSCRIPTION = "bench_consumer";

    /** Events a batch: the subscriber's default, and PgQ's ticker_max_count in this benchmark. */
    static final int BATCH = 500;
    private Sluice sluice;
    private Streams streams;
    private Subscriber running;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        String version = Streams.class.getPackage().getImplementationVersion();
        return "Sluice streams " + (version == null ? "(this build)" : version) + " (event log, not a job queue)";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", "event log + one subscription (like PgQ), not a job queue");
        s.put("subscribers", 1);
        s.put("batch", BATCH);
        s.put("listen_notify", true);
        s.put("pool", LATENCY_PRODUCERS + 4);
        s.put("enqueue", "append(List), " + ENQUEUE_BATCH + " a call, " + PRODUCERS + " producers");
        return s;
    }

    @Override
    public void open(String jdbcUrl) {
        sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(jdbcUrl).schema("sluice_bench").maxPoolSize(LATENCY_PRODUCERS + 4).build());
        streams = Streams.start(sluice);
        streams.create(STREAM, StreamOptions.DEFAULTS);
        streams.subscriptions().create(STREAM, SUBSCRIPTION, StartFrom.earliest());
    }

    @Override
    protected void enqueueBatch(int from, int to) {
        List<StreamRecord> records = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            records.add(StreamRecord.ofJson(null, "{\"i\":" + i + "}"));
        }
        streams.append(STREAM, records);
    }

    @Override
    protected void enqueueOne(int id) {
        streams.append(STREAM, StreamRecord.ofJson(null, "{\"i\":" + id + "}"));
    }

    @Override
    protected void startWorkers() {
        // The subscription exists (open): its durable position carries over from phase to phase.
        running = streams.subscribe(STREAM, SUBSCRIPTION, StartFrom.earliest(), SubscriberOptions.DEFAULTS.withBatchSize(BATCH), b -> {
            for (StreamEvent e : b.events()) {
                handled(idOf(e.json()));
            }
        });
    }

    @Override
    protected void stopWorkers() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** Events after the subscription's committed position. */
    @Override
    public long pending() {
        for (SubscriptionStats s : streams.stats(STREAM).subscriptions()) {
            if (s.name().equals(SUBSCRIPTION)) {
                return s.lagEvents();
            }
        }
        throw new IllegalStateException("subscription " + SUBSCRIPTION + " of stream " + STREAM + " is missing");
    }

    @Override
    public void close() {
        stopWorkers();
        if (streams != null) {
            streams.close();
        }
        if (sluice != null) {
            sluice.close();
        }
    }
}

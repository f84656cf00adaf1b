package dev.sluice.bench.peers;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sluice itself, through its public API, set up as {@code sluice bench queue} sets it up. */
final class SluicePeer extends InProcessPeer {

    private static final String QUEUE = "bench";

    private final int workers;
    private final int batch;
    private Sluice sluice;
    private Workers running;

    SluicePeer(int workers, int batch) {
        this.workers = workers;
        this.batch = batch;
    }

    @Override
    public String name() {
        return "sluice";
    }

    @Override
    public String version() {
        String version = Sluice.class.getPackage().getImplementationVersion();
        return "Sluice " + (version == null ? "(this build)" : version);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("workers", workers);
        s.put("batch", batch);
        s.put("listen_notify", true);
        s.put("pool", workers + LATENCY_PRODUCERS + 2);
        s.put("enqueue", "enqueueBatch, " + ENQUEUE_BATCH + " a call, " + PRODUCERS + " producers");
        return s;
    }

    @Override
    public void open(String jdbcUrl) {
        sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(jdbcUrl).schema("sluice_bench")
                .maxPoolSize(workers + LATENCY_PRODUCERS + 2).build()); // nobody waits for a connection
        sluice.queues().create(QUEUE);
    }

    @Override
    protected void enqueueBatch(int from, int to) {
        List<Message> messages = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            messages.add(Message.json("{\"i\":" + i + "}"));
        }
        sluice.enqueueBatch(QUEUE, messages);
    }

    @Override
    protected void enqueueOne(int id) {
        sluice.enqueue(QUEUE, Message.json("{\"i\":" + id + "}"));
    }

    @Override
    protected void startWorkers() {
        running = sluice.startWorkers(QUEUE, WorkerOptions.builder().concurrency(workers).batchSize(batch).build(), b -> {
            for (ReceivedMessage m : b.messages()) {
                handled(idOf(m.payloadJson()));
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

    @Override
    public long pending() {
        return sluice.queues().stats(QUEUE).depth();
    }

    @Override
    public void close() {
        stopWorkers();
        if (sluice != null) {
            sluice.close();
        }
    }
}

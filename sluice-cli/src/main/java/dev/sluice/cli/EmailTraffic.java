package dev.sluice.cli;

import dev.sluice.Sluice;
import dev.sluice.queue.Message;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small outgoing-mail queue in the demo, so the dashboard's dead letters have something to show:
 * one address in {@link #BOUNCE_ONE_IN} bounces on every attempt; the worker's poison isolation
 * lets the rest of its batch through, and after {@link #MAX_ATTEMPTS} attempts the bounce becomes
 * a dead letter (re-driving it from the dashboard sends it round again).
 */
final class EmailTraffic implements AutoCloseable {

    static final String QUEUE = "emails";
    static final int BOUNCE_ONE_IN = 150;
    static final int MAX_ATTEMPTS = 3;
    private static final int PER_SECOND = 10;

    private final Sluice sluice;
    private final SplittableRandom random = new SplittableRandom();
    private final AtomicLong sent = new AtomicLong();
    private final Workers workers;
    private final TrafficLoop loop;

    EmailTraffic(Sluice sluice) {
        this.sluice = sluice;
        sluice.queues().create(QUEUE);
        this.workers = sluice.startWorkers(QUEUE, WorkerOptions.builder().concurrency(1).batchSize(50).maxAttempts(MAX_ATTEMPTS)
                .retryBaseDelay(Duration.ofSeconds(1)).retryMaxDelay(Duration.ofSeconds(5)).build(), batch -> {
                    for (ReceivedMessage m : batch.messages()) {
                        if (m.payloadTree().path("bounce").asBoolean()) {
                            throw new IllegalStateException("550 mailbox unavailable: " + m.payloadTree().path("to").asText());
                        }
                    }
                    sent.addAndGet(batch.size());
                });
        this.loop = new TrafficLoop("emails", 1000, this::tick);
    }

    private void tick() {
        List<Message> mails = new ArrayList<>(PER_SECOND);
        for (int i = 0; i < PER_SECOND; i++) {
            boolean bounce = random.nextInt(BOUNCE_ONE_IN) == 0;
            String to = (bounce ? "nobody-" : "player-") + random.nextInt(5_000) + "@example.com";
            mails.add(Message.json("{\"to\":\"" + to + "\",\"template\":\"weekly-rank\",\"bounce\":" + bounce + "}"));
        }
        sluice.enqueueBatch(QUEUE, mails);
    }

    /** Mails handled successfully. */
    long sent() {
        return sent.get();
    }

    long failures() {
        return loop.failures();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            loop.close();
        } finally {
            workers.close();
        }
    }
}

package dev.sluice.server.sse;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The clients of one event stream and the fan-out to them. A frame is serialised once by the
 * publisher and written to every client by a small shared pool of sender threads; a client whose
 * previous frame is still being written (a slow reader) skips this one instead of holding up the
 * others. New clients get a welcome frame at once, so a page never waits a full period: by default
 * the latest frame, or what the stream's owner makes current (see {@link #welcome(Supplier)}).
 */
public final class SseHub {

    private final String event;
    private final ExecutorService senders;
    private final Set<Subscriber> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong framesSkipped = new AtomicLong();
    private volatile String latest;
    private volatile Supplier<String> welcome = () -> latest;

    private static final class Subscriber {
        final SseClient client;
        final StreamLimit limit;
        final AtomicBoolean busy = new AtomicBoolean();

        Subscriber(SseClient client, StreamLimit limit) {
            this.client = client;
            this.limit = limit;
        }
    }

    /**
     * @param event the SSE event name of every frame
     * @param senders threads that write frames
     */
    public SseHub(String event, ExecutorService senders) {
        this.event = event;
        this.senders = senders;
    }

    /** What a new client gets first (null: nothing yet); by default the latest frame published. */
    public void welcome(Supplier<String> welcome) {
        this.welcome = welcome;
    }

    /**
     * Registers a connected client and keeps its connection open until it or the server closes it;
     * its place in {@code limit} (already taken by the caller) is released when it closes.
     */
    public void add(SseClient client, StreamLimit limit) {
        Subscriber s = new Subscriber(client, limit);
        client.keepAlive();
        // The welcome frame is handed to the sender before the client joins, so no published frame
        // overtakes it (a frame published while it is being written is skipped for this client).
        String frame;
        try {
            frame = welcome.get();
        } catch (RuntimeException e) {
            frame = latest; // the current one could not be made; the client still gets the last one
        }
        if (frame != null) {
            send(s, frame);
        }
        client.onClose(() -> {
            if (clients.remove(s)) {
                s.limit.release();
            }
        });
        clients.add(s);
        if (client.terminated() && clients.remove(s)) {
            limit.release();
        }
    }

    /** Sends a JSON frame to every client; remembered for clients that connect later. */
    public void publish(String json) {
        latest = json;
        for (Subscriber s : clients) {
            send(s, json);
        }
    }

    /** A comment line: keeps proxies from timing out idle streams and finds dead connections. */
    public void ping() {
        for (Subscriber s : clients) {
            if (s.busy.compareAndSet(false, true)) {
                senders.execute(() -> {
                    try {
                        s.client.sendComment("ping");
                    } finally {
                        s.busy.set(false);
                    }
                });
            }
        }
    }

    private void send(Subscriber s, String json) {
        if (!s.busy.compareAndSet(false, true)) {
            framesSkipped.incrementAndGet();
            return;
        }
        try {
            senders.execute(() -> {
                try {
                    if (!s.client.terminated()) {
                        s.client.sendEvent(event, json);
                    }
                } catch (RuntimeException e) {
                    s.client.close();
                } finally {
                    s.busy.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            s.busy.set(false);
        }
    }

    /** Open connections now. */
    public int size() {
        return clients.size();
    }

    /** Frames not sent to a client because its previous frame was still being written. */
    public long framesSkipped() {
        return framesSkipped.get();
    }

    /** Whether a frame was published yet. */
    public boolean hasFrame() {
        return latest != null;
    }

    /** Ends every stream. */
    public void closeAll() {
        for (Subscriber s : clients) {
            s.client.close();
        }
    }
}

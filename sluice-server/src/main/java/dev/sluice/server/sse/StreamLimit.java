package dev.sluice.server.sse;

import java.util.concurrent.atomic.AtomicInteger;

/** A cap on open Server-Sent Event connections (one for anonymous clients, one for token holders). */
public final class StreamLimit {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public StreamLimit(int max) {
        this.max = max;
    }

    /** Takes a place; false when the server is full. */
    public boolean tryAcquire() {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}

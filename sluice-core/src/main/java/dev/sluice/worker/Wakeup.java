package dev.sluice.worker;

/**
 * A wake-up signal for a queue's idle workers. Workers read the generation before they claim and
 * wait only while it is unchanged, so a signal that arrives between an empty claim and the wait is
 * not lost.
 */
public final class Wakeup {
    private long generation;

    /** Wakes every waiting worker. */
    public synchronized void signal() {
        generation++;
        notifyAll();
    }

    synchronized long generation() {
        return generation;
    }

    /** Waits until the generation moves past {@code seen} or the timeout passes. */
    synchronized void await(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (generation == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}

package dev.sluice.worker;

/**
 * Wake-ups for a queue's idle workers, as permits: a notification wakes one worker, and a worker
 * whose claim came back full wakes the next, so a burst recruits workers one by one while a trickle
 * wakes only as many as it needs (waking all of them per message would make each message cost a
 * claim per worker). A permit given while every worker is busy is kept, so no wake-up is lost
 * between an empty claim and the wait that follows it.
 */
public final class Wakeup {
    private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final int maxPermits;
    private int permits;

    /** @param maxPermits at most this many wake-ups are kept while nobody waits (the worker count) */
    public Wakeup(int maxPermits) {
        this.maxPermits = Math.max(1, maxPermits);
    }

    /** Wakes one waiting worker (or the next one to wait). */
    public void signal() {
        synchronized (this) {
            if (permits < maxPermits) {
                permits++;
            }
            notify();
        }
        listeners.forEach(Runnable::run);
    }

    /** Wakes every worker: after a reconnect, a resume, or at shutdown. */
    public void signalAll() {
        synchronized (this) {
            permits = maxPermits;
            notifyAll();
        }
        listeners.forEach(Runnable::run);
    }

    /** Also tells {@code listener} of every wake-up (the promotion thread: a wake-up may be a message scheduled for later). */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Waits for a wake-up, at most {@code timeoutMillis}; returns whether one came (false: timed out). */
    public synchronized boolean await(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(timeoutMillis, 31_536_000_000L) * 1_000_000L; // at most a year
        while (permits == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, (left + 999_999L) / 1_000_000L));
        }
        permits--;
        return true;
    }
}

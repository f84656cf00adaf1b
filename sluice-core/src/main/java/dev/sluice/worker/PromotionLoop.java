package dev.sluice.worker;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that runs a queue's {@link Promoter} in this process, so that no worker pauses for a
 * promotion. Under load a promotion is three round trips (check, move, commit), several
 * milliseconds on a busy machine; run by a worker before its claim, as it was, that worker's next
 * batch waited for it every 50 ms, and the queue's tail latency grew by a third or more as soon as
 * any delayed or retried message was in play.
 *
 * <p>It promotes when asked and when the next scheduled message it knows of comes due: workers ask
 * before every claim (at most one promotion per interval follows, as before), idle workers when
 * their poll runs out, and every wake-up of the queue asks too (it may be a message scheduled for
 * later, whose due time only a check learns), so a message comes due on time even while every
 * worker is busy in a long handler.
 * When a promotion moved messages it wakes this process's idle workers itself (the promotion's own
 * NOTIFY still wakes other processes). A chunk of a burst asks again, so the next chunk follows
 * after the interval or once a claim comes back short (see {@link Promoter}).
 */
final class PromotionLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PromotionLoop.class);

    private final Promoter promoter;
    private final Wakeup wakeup;
    private final int batchSize;
    private final Thread thread;
    private final Runnable onWake = this::request;
    private boolean requested; // guarded by this
    private boolean running = true; // guarded by this

    PromotionLoop(Promoter promoter, Wakeup wakeup, int batchSize, String queue) {
        this.promoter = promoter;
        this.wakeup = wakeup;
        this.batchSize = batchSize;
        this.thread = new Thread(this::loop, "sluice-" + queue + "-promoter");
        wakeup.addListener(onWake);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Asks for a promotion if one is due (by the interval, or sooner after {@link Promoter#checkSoon()}). */
    void request() {
        synchronized (this) {
            if (!requested) {
                requested = true;
                notifyAll();
            }
        }
    }

    private void loop() {
        int errors = 0;
        while (true) {
            synchronized (this) {
                while (true) {
                    if (!running) {
                        return;
                    }
                    long now = System.nanoTime();
                    long nextDue = promoter.nextDueNanos();
                    boolean wanted = requested || nextDue <= now;
                    long untilAllowed = promoter.nanosUntilAllowed();
                    if (wanted && untilAllowed == 0) {
                        break;
                    }
                    // Asked or due: wait out the interval. Otherwise sleep until the next known due time,
                    // or until asked (a worker's claim, a wake-up: maybe a message scheduled for later).
                    long waitNanos = wanted ? untilAllowed : nextDue == Long.MAX_VALUE ? 0 : Math.max(untilAllowed, nextDue - now);
                    try {
                        if (waitNanos == 0) {
                            wait();
                        } else {
                            wait(Math.max(1, (waitNanos + 999_999L) / 1_000_000L));
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                requested = false;
            }
            try {
                long started = System.nanoTime();
                int moved = promoter.promoteIfDue();
                errors = 0;
                if (moved > 0 && log.isDebugEnabled()) {
                    log.debug("Promoted {} due messages (limit {}) in {} us, more due: {}",
                            moved, promoter.lastLimit(), (System.nanoTime() - started) / 1_000, promoter.moreDue());
                }
                if (moved >= batchSize) {
                    wakeup.signalAll();
                } else if (moved > 0) {
                    wakeup.signal();
                }
                if (promoter.moreDue()) {
                    request(); // the next chunk of a burst: after the interval, or at once when caught up
                }
            } catch (SQLException | RuntimeException e) {
                errors++;
                long delay = Math.min(5_000, 50L << Math.min(errors, 7));
                delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                if (errors <= 3 || errors % 20 == 0) {
                    log.warn("Promoting due messages failed (attempt {}), retrying in {} ms: {}", errors, delay, e.toString());
                }
                synchronized (this) {
                    requested = true; // the due messages are still due
                    try {
                        wait(delay);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Wakes the loop to re-check its interval (after {@link Promoter#checkSoon()} or a caught-up claim). */
    void nudge() {
        synchronized (this) {
            requested = true;
            notifyAll();
        }
    }

    /** Stops the thread; a promotion in flight finishes (or rolls back) first. */
    @Override
    public void close() {
        wakeup.removeListener(onWake);
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.sluice.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps a long-running command ({@code serve}, {@code demo}) alive until Ctrl-C (SIGINT), SIGTERM or
 * SIGHUP, or until an optional duration has passed, and lets the command release everything itself
 * before the process exits.
 *
 * <p>Why signal handlers rather than only a shutdown hook: once the JVM begins its shutdown, all
 * hooks run at once, so the embedded PostgreSQL's own hook would stop the database while workers
 * are still finishing their batches. Catching the signal instead keeps the JVM running: the main
 * thread closes traffic, workers, the service and then the database, in that order, and returns. A
 * second Ctrl-C exits at once (the hooks still stop the database). The shutdown hook remains for
 * other ways the JVM may end, and waits (up to {@link #CLEANUP_DEADLINE}) for the clean-up.
 */
final class RunUntilStopped implements AutoCloseable {

    /** Longest a JVM shutdown waits for the command's clean-up. */
    static final Duration CLEANUP_DEADLINE = Duration.ofSeconds(30);
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;
    private final List<Runnable> restoreHandlers = new ArrayList<>();

    RunUntilStopped() {
        hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                cleanedUp.await(CLEANUP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SignalHandler handler = signal -> {
            if (stopRequested.getCount() == 0) {
                System.exit(128 + signal.getNumber());
            }
            stopRequested.countDown();
        };
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, handler);
                restoreHandlers.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException | UnsupportedOperationException notAvailable) {
                // Not on this platform, or reserved by the JVM: the shutdown hook covers it.
            }
        }
    }

    /**
     * Blocks until a stop signal, {@link #requestStop()}, or {@code duration} (null: no limit).
     *
     * @return true when stopped by a signal or a request, false when the duration ran out
     */
    boolean await(Duration duration) throws InterruptedException {
        if (duration == null) {
            stopRequested.await();
            return true;
        }
        return stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a stop signal or {@link #requestStop()} came, for long steps that check between chunks of work. */
    boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Asks the waiting command to stop, as Ctrl-C does. */
    void requestStop() {
        stopRequested.countDown();
    }

    /** Call once everything is released: restores the signal handlers and lets a pending JVM shutdown proceed. */
    @Override
    public void close() {
        restoreHandlers.forEach(Runnable::run);
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down: the hook is running and has just been released.
        }
    }
}

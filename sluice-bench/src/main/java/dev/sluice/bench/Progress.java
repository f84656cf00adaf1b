package dev.sluice.bench;

import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr that follows a counter until it reaches the total. */
final class Progress {

    /** A run that has made no progress for this long is given up by {@link #follow(String, long, LongSupplier, Duration)}. */
    static final Duration STALL = Duration.ofSeconds(60);

    private Progress() {
    }

    /** Blocks until {@code done} reaches {@code total}, drawing a bar named {@code task}. */
    static void follow(String task, long total, LongSupplier done) throws InterruptedException {
        follow(task, total, done, null);
    }

    /**
     * Like {@link #follow(String, long, LongSupplier)}, but gives up once {@code done} has not moved for
     * {@code stall} (when not null); returns whether the total was reached.
     */
    static boolean follow(String task, long total, LongSupplier done, Duration stall) throws InterruptedException {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).showSpeed().build()) {
            long current;
            long last = -1;
            long movedAt = System.nanoTime();
            while ((current = done.getAsLong()) < total) {
                if (current != last) {
                    last = current;
                    movedAt = System.nanoTime();
                } else if (stall != null && System.nanoTime() - movedAt > stall.toNanos()) {
                    return false;
                }
                bar.stepTo(current);
                Thread.sleep(20);
            }
            bar.stepTo(total);
            return true;
        }
    }
}

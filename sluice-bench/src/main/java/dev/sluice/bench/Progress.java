package dev.sluice.bench;

import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr that follows a counter until it reaches the total. */
final class Progress {
    private Progress() {
    }

    /** Blocks until {@code done} reaches {@code total}, drawing a bar named {@code task}. */
    static void follow(String task, long total, LongSupplier done) throws InterruptedException {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).showSpeed().build()) {
            long current;
            while ((current = done.getAsLong()) < total) {
                bar.stepTo(current);
                Thread.sleep(20);
            }
            bar.stepTo(total);
        }
    }
}

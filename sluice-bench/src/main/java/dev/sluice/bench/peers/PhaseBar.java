package dev.sluice.bench.peers;

import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr that follows a counter while a phase runs on the calling thread. */
final class PhaseBar {
    private PhaseBar() {
    }

    interface Phase<T> {
        T run() throws Exception;
    }

    static <T> T follow(String task, long total, LongSupplier done, Phase<T> phase) throws Exception {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build()) {
            Thread drawer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    bar.stepTo(Math.min(total, done.getAsLong()));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "progress");
            drawer.setDaemon(true);
            drawer.start();
            try {
                T result = phase.run();
                bar.stepTo(total);
                return result;
            } finally {
                drawer.interrupt();
                drawer.join();
            }
        }
    }
}

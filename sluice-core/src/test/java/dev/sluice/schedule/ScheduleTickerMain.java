package dev.sluice.schedule;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;

/** A process that only ticks schedules, for the multi-process test; killed with SIGKILL by the parent. */
public final class ScheduleTickerMain {
    public static void main(String[] args) throws Exception {
        Sluice.start(SluiceConfig.builder().jdbcUrl(args[0]).schema(args[1]).migrate(false).maxPoolSize(2).build());
        System.out.println("ticking");
        Thread.sleep(Long.MAX_VALUE);
    }
}

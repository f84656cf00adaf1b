package dev.sluice.bench;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import java.util.Map;

/**
 * The queue's capacity on this machine now, learnt once per invocation with a {@link BurnDown} of
 * {@link LoadOptions#capacityJobs()} messages, and shared by the phases that offer a fraction of it
 * (steady, fairness, the flat-out held snapshot).
 */
final class Capacity {

    private final String url;
    private final QueueBenchOptions options;
    private BurnDown.Outcome outcome;

    Capacity(String url, QueueBenchOptions options) {
        this.url = url;
        this.options = options;
    }

    /** Messages committed per second in the burn-down; fails if its end state was wrong (no rate to offer then). */
    double perSecond() throws Exception {
        if (outcome == null) {
            SluiceConfig config = SluiceConfig.builder().jdbcUrl(url).schema(Preparation.SCHEMA).maxPoolSize(options.workers() + 6).build();
            try (Sluice sluice = Sluice.start(config)) {
                outcome = BurnDown.run(sluice, url, "capacity", options.load().capacityJobs(), options.workers(), options.batch(), true);
            }
            System.err.printf("capacity: burn-down of %,d messages, %,.0f/s committed, end state %s%n", outcome.jobs(),
                    outcome.perSecond(), outcome.endStateOk() ? "ok" : "WRONG");
            if (!outcome.endStateOk()) {
                throw new IllegalStateException("The capacity burn-down's end state is wrong: " + outcome.figures());
            }
        }
        return outcome.perSecond();
    }

    /** The burn-down's figures, once it has run. */
    Map<String, Object> figures() {
        return outcome == null ? Map.of() : outcome.figures();
    }

    boolean measured() {
        return outcome != null;
    }
}

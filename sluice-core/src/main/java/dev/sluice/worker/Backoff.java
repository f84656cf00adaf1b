package dev.sluice.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: attempt n waits between half and all of base x 2^(n-1), capped. */
final class Backoff {
    private final Duration base;
    private final Duration max;

    Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** Seconds to wait after the given failed attempt (1 for the first failure). */
    double seconds(int failedAttempts) {
        double ceiling = Math.min(max.toNanos() / 1e9, base.toNanos() / 1e9 * Math.pow(2, Math.min(failedAttempts - 1, 40)));
        return ceiling * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5);
    }
}

package dev.sluice.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Runs a claim and tells the {@link ClaimObserver}, if there is one; with none it is the bare claim. */
final class ObservedClaim {

    private ObservedClaim() {
    }

    static ClaimedBatch claim(ClaimObserver observer, Claimer claimer, String queue, Connection c, ClaimCursor.Ranges ranges,
                              int batchSize) throws SQLException {
        if (observer == null) {
            return claimer.claim(c, ranges, batchSize);
        }
        Instant started = Instant.now();
        ClaimedBatch batch;
        try {
            batch = claimer.claim(c, ranges, batchSize);
        } catch (SQLException | RuntimeException e) {
            try {
                observer.claimFailed(queue, started, e);
            } catch (RuntimeException observerFailure) {
                e.addSuppressed(observerFailure);
            }
            throw e;
        }
        observer.claimed(new ClaimObserver.Claim(queue, batch.messages(), started, Instant.now(), GuardedConnection.wrap(c)));
        return batch;
    }
}

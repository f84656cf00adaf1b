package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Sees every claim of this process's workers, to trace or time it (set with
 * {@code SluiceConfig.Builder.claimObserver}; the Spring Boot starter uses it for its {@code claim} span).
 * Without an observer a claim does no extra work at all.
 *
 * <p>Called on the worker's thread, inside the batch's transaction, right after the claim statement
 * and before the handler runs. Keep it quick: the claimed rows stay locked meanwhile. An exception
 * thrown from {@link #claimed} rolls the batch back (its messages return to the queue and are
 * claimed again later), as a failing claim statement would.
 */
public interface ClaimObserver {

    /**
     * One claim, as it returned.
     *
     * @param queue the queue claimed from
     * @param messages the claimed messages in claim order; empty when nothing was ready (an idle worker's poll)
     * @param started just before the claim statement was sent
     * @param finished when its rows had been read
     * @param connection the batch's connection, inside its transaction (commit, rollback and close are refused),
     *                   for an observer that reads what it stored with the messages
     */
    record Claim(String queue, List<ReceivedMessage> messages, Instant started, Instant finished, Connection connection) {
    }

    /** After each claim statement that returned, including empty ones. */
    void claimed(Claim claim) throws SQLException;

    /** After a claim statement that failed; the transaction then rolls back. Does nothing by default. */
    default void claimFailed(String queue, Instant started, Exception error) {
    }
}

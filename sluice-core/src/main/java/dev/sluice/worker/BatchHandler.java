package dev.sluice.worker;

/**
 * Your code: handles one batch of messages inside the worker's open transaction.
 *
 * <p>Write to the database through {@link Batch#connection()} and those writes commit together with
 * the acknowledgement of the batch: exactly once. Do not commit, roll back or close that connection.
 * Throw to fail the batch: it is rolled back and Sluice isolates the failing messages, so the
 * others still go through.
 */
@FunctionalInterface
public interface BatchHandler {
    void handle(Batch batch) throws Exception;
}

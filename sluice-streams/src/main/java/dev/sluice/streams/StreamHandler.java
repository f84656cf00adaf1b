package dev.sluice.streams;

/**
 * Your code: handles one batch of a subscription inside the transaction that advances its position.
 *
 * <p>Write through {@link StreamBatch#connection()} and those writes commit together with the new
 * position: each event's database effects happen exactly once. Do not commit, roll back or close that
 * connection. Throw to fail the batch: it rolls back, and the same events are delivered again after a
 * backoff. A stream is ordered, so a batch that always fails stalls its subscription (its lag grows;
 * other subscriptions are unaffected): catch what you mean to skip.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(StreamBatch batch) throws Exception;
}

package dev.sluice.lease;

/**
 * Handles one leased batch, outside any transaction. Acknowledge, fail or extend through the
 * {@link Lease}; what the handler leaves unsettled is acknowledged when it returns normally and
 * failed (with backoff, or to the dead letters) when it throws. Delivery is at least once: a
 * handler that outlives its lease, or a process that dies, gets the messages redelivered.
 */
@FunctionalInterface
public interface LeasedHandler {
    void handle(Lease lease) throws Exception;
}

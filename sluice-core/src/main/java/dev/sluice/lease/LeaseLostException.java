package dev.sluice.lease;

import dev.sluice.SluiceException;
import java.util.List;
import java.util.UUID;

/**
 * The lease is no longer held: its deadline passed (it may already be redelivered to another
 * consumer), it was settled already, or the token is wrong. Nothing was changed for the messages
 * listed; with at-least-once delivery their work may be done twice, so handlers should be idempotent.
 */
public final class LeaseLostException extends SluiceException {
    private final UUID token;
    private final List<Long> lost;

    public LeaseLostException(String queue, UUID token, List<Long> lost, String action) {
        super("Could not " + action + " " + (lost.isEmpty() ? "the messages" : "message(s) " + lost) + " of queue \"" + queue
                + "\": lease " + token + " is not held (wrong token, already settled, or expired and redelivered)."
                + " Extend leases before their deadline (LeaseOptions.heartbeat) or use a longer lease.");
        this.token = token;
        this.lost = List.copyOf(lost);
    }

    /** The lease token that was used. */
    public UUID token() {
        return token;
    }

    /** The ids that were not changed (empty when the call named no ids). */
    public List<Long> lost() {
        return lost;
    }
}

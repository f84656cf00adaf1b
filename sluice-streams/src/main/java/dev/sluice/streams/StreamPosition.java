package dev.sluice.streams;

/**
 * A place in a stream's delivery order: after the event of transaction {@code txid} with id
 * {@code id}. Positions compare by txid, then id.
 *
 * @param txid a transaction id (xid8) as decimal text
 * @param id an event id, or 0 for "before every event of that transaction"
 */
public record StreamPosition(String txid, long id) {

    /** Before every event. */
    public static final StreamPosition BEGINNING = new StreamPosition("0", 0);
}

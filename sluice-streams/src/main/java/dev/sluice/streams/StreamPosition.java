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

    public StreamPosition {
        if (txid == null || txid.isEmpty() || txid.length() > 20 || !txid.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("A position's txid is a transaction id in decimal digits (as in stats); got "
                    + (txid == null ? "null" : "\"" + txid + "\"") + ".");
        }
        try {
            Long.parseUnsignedLong(txid);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A position's txid is at most 18446744073709551615; got \"" + txid + "\".");
        }
        if (id < 0) {
            throw new IllegalArgumentException("A position's id is 0 or an event id; got " + id + ".");
        }
    }
}

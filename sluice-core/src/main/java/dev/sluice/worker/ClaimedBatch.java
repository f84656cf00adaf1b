package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one claim returned.
 *
 * @param messages the claimed messages, in (priority, id) order
 * @param seqs each message's claim position, by index into {@code messages}
 * @param transactionId the claiming transaction's id (xid8 as text), null if nothing was claimed
 * @param suspects ids of messages with a delivery that never committed behind them (claim.sql)
 * @param abortedBy for the suspects whose last delivery's batch aborted, that transaction's id
 *        (xid8 as text), to be recorded before the handler runs (aborted_record.sql)
 */
record ClaimedBatch(List<ReceivedMessage> messages, long[] seqs, String transactionId, Set<Long> suspects, Map<Long, String> abortedBy) {

    boolean isEmpty() {
        return messages.isEmpty();
    }
}

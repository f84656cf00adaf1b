package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.util.List;
import java.util.Set;

/**
 * What one claim returned.
 *
 * @param messages the claimed messages, in (priority, id) order
 * @param seqs each message's claim position, by index into {@code messages}
 * @param transactionId the claiming transaction's id, for the delivery record
 * @param suspects ids of messages whose last delivery never committed (see recover_deliveries.sql)
 */
record ClaimedBatch(List<ReceivedMessage> messages, long[] seqs, String transactionId, Set<Long> suspects) {

    boolean isEmpty() {
        return messages.isEmpty();
    }
}

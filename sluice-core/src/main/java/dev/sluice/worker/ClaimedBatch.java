package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.util.List;

/**
 * What one claim returned.
 *
 * @param messages the claimed messages, in (priority, id) order
 * @param seqs each message's claim position, by index into {@code messages}
 * @param transactionId the claiming transaction's id, for the delivery record
 */
record ClaimedBatch(List<ReceivedMessage> messages, long[] seqs, String transactionId) {

    boolean isEmpty() {
        return messages.isEmpty();
    }

    long[] ids() {
        return messages.stream().mapToLong(ReceivedMessage::id).toArray();
    }
}

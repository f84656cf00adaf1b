package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.util.List;

/**
 * One batch handed to a {@link BatchHandler}.
 *
 * @param queue the queue the messages came from
 * @param messages the messages, in (priority, id) order; never empty
 * @param connection the worker's connection, inside the transaction that will acknowledge the batch
 */
public record Batch(String queue, List<ReceivedMessage> messages, Connection connection) {

    /** The number of messages. */
    public int size() {
        return messages.size();
    }
}

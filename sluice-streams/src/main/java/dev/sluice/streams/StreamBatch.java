package dev.sluice.streams;

import java.sql.Connection;
import java.util.List;

/**
 * One batch handed to a {@link StreamHandler}.
 *
 * @param stream the stream
 * @param subscription the subscription the batch is delivered to
 * @param events in delivery order; never empty
 * @param connection inside the transaction that will advance the subscription's position
 */
public record StreamBatch(String stream, String subscription, List<StreamEvent> events, Connection connection) {

    public int size() {
        return events.size();
    }
}

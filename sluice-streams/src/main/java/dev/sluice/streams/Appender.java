package dev.sluice.streams;

import dev.sluice.SluiceException;
import dev.sluice.queue.InvalidMessageException;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.SqlStates;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Appends batches of events in one statement on a given connection. */
final class Appender {

    /** "no partition of relation ... found for row" */
    static final String NO_PARTITION = "23514";

    private final int maxPayloadBytes;

    Appender(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Checks every record before anything is written: a bad one fails the whole batch, naming its index. */
    void validate(String stream, List<StreamRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("Nothing to append to stream \"" + stream + "\": the batch is empty.");
        }
        for (int i = 0; i < records.size(); i++) {
            StreamRecord r = records.get(i);
            if (r == null) {
                throw new IllegalArgumentException("Event " + i + " of the batch for stream \"" + stream + "\" is null.");
            }
            int bytes = r.json().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxPayloadBytes) {
                throw new InvalidMessageException("Event " + i + " for stream \"" + stream + "\" has a payload of " + bytes
                        + " bytes; at most " + maxPayloadBytes + " are allowed (SluiceConfig.maxPayloadBytes). Nothing was appended.");
            }
            try {
                PayloadCodec.requireValidJson(r.json());
            } catch (InvalidMessageException e) {
                throw new InvalidMessageException("Event " + i + " for stream \"" + stream + "\": " + e.getMessage()
                        + " Nothing was appended.", e);
            }
            if (PayloadCodec.hasNul(r.json())) {
                throw new InvalidMessageException("Event " + i + " for stream \"" + stream + "\" has a NUL character (\\u0000) in its payload;"
                        + " PostgreSQL jsonb cannot hold it. Nothing was appended.");
            }
            if (r.key() != null && r.key().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Event " + i + " for stream \"" + stream + "\" has a key with a NUL character; PostgreSQL text cannot hold it.");
            }
        }
    }

    /** Appends on the caller's connection and transaction; returns the event ids in input order. */
    List<Long> append(Connection c, StreamTable table, List<StreamRecord> records) throws SQLException {
        String[] keys = new String[records.size()];
        String[] payloads = new String[records.size()];
        for (int i = 0; i < records.size(); i++) {
            keys[i] = records.get(i).key();
            payloads[i] = records.get(i).json();
        }
        List<Long> ids = new ArrayList<>(records.size());
        try (PreparedStatement ps = c.prepareStatement(table.sql("append.sql"))) {
            Array k = c.createArrayOf("text", keys);
            Array p = c.createArrayOf("text", payloads);
            ps.setArray(1, k);
            ps.setArray(2, p);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    static SluiceException explain(String stream, SQLException e) {
        if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
            return new UnknownStreamException(stream);
        }
        if (SqlStates.is(e, NO_PARTITION)) {
            return new SluiceException("Stream \"" + stream + "\" has no partition for the current time: maintenance has not run "
                    + "(Streams starts it unless disabled; or call streams.retention().ensurePartitions()). Nothing was appended.", e);
        }
        return new SluiceException("Could not append to stream \"" + stream + "\": " + e.getMessage(), e);
    }
}

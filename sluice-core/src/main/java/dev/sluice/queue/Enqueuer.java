package dev.sluice.queue;

import dev.sluice.SluiceException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes messages into a queue table on a given connection, in the caller's transaction. A batch is
 * one statement: arrays of priorities, run times, payloads and keys, unnested by PostgreSQL.
 */
public final class Enqueuer {

    private final String schema;
    private final int maxPayloadBytes;
    private final QueueStatements statements;

    public Enqueuer(String schema, int maxPayloadBytes, QueueStatements statements) {
        this.schema = schema;
        this.maxPayloadBytes = maxPayloadBytes;
        this.statements = statements;
    }

    /**
     * Enqueues the messages on {@code connection} without committing. Results are in input order.
     *
     * @throws InvalidMessageException if any message is invalid; nothing is written then
     * @throws UnknownQueueException if the queue does not exist
     */
    public List<EnqueueResult> enqueue(Connection connection, String queue, List<Message> messages) {
        return enqueue(connection, queue, messages, null);
    }

    /** Whether every message can go in {@link #enqueueMarked}: none has an idempotency key. */
    public static boolean markable(List<Message> messages) {
        return messages.stream().allMatch(m -> m != null && m.idempotencyKey() == null);
    }

    /**
     * Enqueues messages without idempotency keys on an autocommit connection as one implicit
     * transaction of a single round trip: {@code mark} (a statement run first, in that transaction)
     * and the enqueue are sent together and commit at their end.
     */
    public List<EnqueueResult> enqueueMarked(Connection autocommit, String queue, List<Message> messages, String mark) {
        return enqueue(autocommit, queue, messages, mark);
    }

    private List<EnqueueResult> enqueue(Connection connection, String queue, List<Message> messages, String mark) {
        QueueTable table = new QueueTable(schema, queue);
        if (messages.isEmpty()) {
            return List.of();
        }
        int n = messages.size();
        Object[] priorities = new Object[n];
        String[] runAts = new String[n];
        String[] payloads = new String[n];
        String[] orderingKeys = new String[n];
        String[] idempotencyKeys = new String[n];
        boolean keyed = false;
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            if (m == null) {
                throw new InvalidMessageException("Message at index " + i + " is null.");
            }
            payloads[i] = checkPayload(i, m.payloadJson());
            priorities[i] = (short) m.priority();
            runAts[i] = m.runAt() == null ? null : m.runAt().toString();
            orderingKeys[i] = m.orderingKey();
            idempotencyKeys[i] = m.idempotencyKey();
            keyed |= m.idempotencyKey() != null;
        }
        try {
            return keyed
                    ? enqueueIdempotent(connection, table, priorities, runAts, payloads, orderingKeys, idempotencyKeys)
                    : enqueuePlain(connection, table, priorities, runAts, payloads, orderingKeys, mark);
        } catch (SQLException e) {
            if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
                throw new UnknownQueueException(queue);
            }
            throw new SluiceException("Enqueue into queue \"" + queue + "\" failed: " + e.getMessage(), e);
        }
    }

    private String checkPayload(int index, String json) {
        if (json == null) {
            return null;
        }
        // UTF-8 length is at most 3 bytes per char; only count exactly when it could matter.
        if ((long) json.length() * 3 > maxPayloadBytes) {
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxPayloadBytes) {
                throw new InvalidMessageException("Payload of message at index " + index + " is " + bytes
                        + " bytes; the limit is " + maxPayloadBytes + " (setting maxPayloadBytes). Store large data elsewhere and enqueue a reference.");
            }
        }
        if (PayloadCodec.hasNul(json)) { // raw, or as a JSON escape: jsonb refuses both
            throw new InvalidMessageException("Payload of message at index " + index + " contains a NUL character, which PostgreSQL cannot store.");
        }
        try {
            PayloadCodec.requireValidJson(json);
        } catch (InvalidMessageException e) {
            throw new InvalidMessageException("Message at index " + index + ": " + e.getMessage(), e);
        }
        return json;
    }

    private List<EnqueueResult> enqueuePlain(Connection c, QueueTable table, Object[] priorities, String[] runAts,
                                             String[] payloads, String[] orderingKeys, String mark) throws SQLException {
        List<EnqueueResult> results = new ArrayList<>(payloads.length);
        String sql = statements.get(Enqueuer.class, "enqueue.sql", table);
        try (PreparedStatement ps = c.prepareStatement(mark == null ? sql : mark + ";\n" + sql)) {
            Array p = c.createArrayOf("int2", priorities);
            ps.setArray(1, p);
            ps.setArray(2, c.createArrayOf("text", runAts));
            ps.setArray(3, c.createArrayOf("text", payloads));
            ps.setArray(4, c.createArrayOf("text", orderingKeys));
            ps.execute();
            if (mark != null) {
                ps.getMoreResults(); // past the mark's result to the enqueue's ids
            }
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    results.add(new EnqueueResult(rs.getLong(1), false));
                }
            }
        }
        return results;
    }

    private List<EnqueueResult> enqueueIdempotent(Connection c, QueueTable table, Object[] priorities, String[] runAts,
                                                  String[] payloads, String[] orderingKeys, String[] idempotencyKeys) throws SQLException {
        int n = payloads.length;
        long[] ids = new long[n];
        boolean[] inserted = new boolean[n];
        Map<String, Long> keyOwners = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(statements.get(Enqueuer.class, "enqueue_idempotent.sql", table))) {
            ps.setArray(1, c.createArrayOf("int2", priorities));
            ps.setArray(2, c.createArrayOf("text", runAts));
            ps.setArray(3, c.createArrayOf("text", payloads));
            ps.setArray(4, c.createArrayOf("text", orderingKeys));
            ps.setArray(5, c.createArrayOf("text", idempotencyKeys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1) - 1;
                    ids[i] = rs.getLong(2);
                    inserted[i] = rs.getBoolean(4);
                    if (inserted[i] && idempotencyKeys[i] != null) {
                        keyOwners.put(idempotencyKeys[i], ids[i]);
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!inserted[i] && !keyOwners.containsKey(idempotencyKeys[i])) {
                missing.add(idempotencyKeys[i]);
            }
        }
        if (!missing.isEmpty()) {
            // Keys held by other transactions' messages: read them with a fresh snapshot.
            try (PreparedStatement ps = c.prepareStatement(statements.get(Enqueuer.class, "idempotency_lookup.sql", table))) {
                ps.setString(1, table.queue());
                ps.setArray(2, c.createArrayOf("text", missing.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keyOwners.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        List<EnqueueResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (inserted[i]) {
                results.add(new EnqueueResult(ids[i], false));
            } else {
                Long owner = keyOwners.get(idempotencyKeys[i]);
                if (owner == null) {
                    throw new SluiceException("Idempotency key \"" + idempotencyKeys[i] + "\" of queue \"" + table.queue()
                            + "\" conflicted but its owner vanished; retry the enqueue.");
                }
                results.add(new EnqueueResult(owner, true));
            }
        }
        return results;
    }
}

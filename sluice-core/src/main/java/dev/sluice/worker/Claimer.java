package dev.sluice.worker;

import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.ReceivedMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs {@code claim.sql} on the batch's connection, as the first round trip of its transaction. */
final class Claimer {

    private static final Comparator<Claimed> CLAIM_ORDER = Comparator.comparingInt((Claimed c) -> c.message().priority())
            .thenComparingLong(c -> c.message().id());

    /** The savepoint the claim leaves in place, to which a failing handler's writes are rolled back. */
    static final String SAVEPOINT = "sluice_batch";

    /** abortedBy: the transaction of this message's last delivery, if that batch never committed. */
    private record Claimed(ReceivedMessage message, long seq, boolean marked, String abortedBy) {
    }

    private final QueueTable table;
    private final String sql;

    Claimer(QueueTable table, QueueStatements statements) {
        this.table = table;
        // One round trip. READ COMMITTED whatever the pool's default: under REPEATABLE READ a claim
        // that meets a row deleted since its snapshot fails with a serialization error instead of
        // skipping it. The claim is fenced so that its plan never seq-scans a slot that was empty when
        // the plan was cached (TID and index scans only), and its generic plan is forced: re-planning
        // the partitioned claim costs more than running it. No JIT: the generic plan's estimates grow
        // with the queue (a million rows estimate past jit_above_cost), and compiling the claim's
        // expressions took 160 ms per claim on PostgreSQL 15 (jit is on by default), against about
        // 1 ms to run it. Then the settings go back to the server's defaults, and the savepoint.
        this.sql = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\n"
                + "SET LOCAL enable_seqscan = off;\nSET LOCAL plan_cache_mode = force_generic_plan;\nSET LOCAL jit = off;\n"
                + statements.get(Claimer.class, "claim.sql", table)
                + ";\nSET LOCAL enable_seqscan = DEFAULT;\nSET LOCAL plan_cache_mode = DEFAULT;\nSET LOCAL jit = DEFAULT;\n"
                + "SAVEPOINT " + SAVEPOINT;
    }

    /** The statement text, for plan checks. */
    String sql() {
        return sql;
    }

    ClaimedBatch claim(Connection c, ClaimCursor.Ranges ranges, int batchSize) throws SQLException {
        List<Claimed> rows = new ArrayList<>();
        String transactionId = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array lowP = c.createArrayOf("int4", box(ranges.lowPriorities()));
            Array lowS = c.createArrayOf("int8", box(ranges.lowSeqs()));
            Array highP = c.createArrayOf("int4", box(ranges.highPriorities()));
            Array highS = c.createArrayOf("int8", box(ranges.highSeqs()));
            ps.setArray(1, lowP);
            ps.setArray(2, lowS);
            ps.setArray(3, highP);
            ps.setArray(4, highS);
            ps.setInt(5, batchSize);
            ps.setInt(6, batchSize);
            boolean isResultSet = ps.execute();
            while (!isResultSet) { // past the SETs' update counts to the claim's rows
                isResultSet = ps.getMoreResults();
                if (!isResultSet && ps.getUpdateCount() == -1) {
                    throw new SQLException("The claim statement returned no rows result; is claim.sql intact?");
                }
            }
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    Timestamp enqueued = rs.getTimestamp(5);
                    Timestamp runAt = rs.getTimestamp(6);
                    rows.add(new Claimed(new ReceivedMessage(rs.getLong(1), table.queue(), rs.getInt(2), rs.getString(3),
                            rs.getInt(4), enqueued.toInstant(), runAt.toInstant(), rs.getString(7), rs.getString(8),
                            rs.getString(9)), rs.getLong(10), rs.getBoolean(11), rs.getString(12)));
                    transactionId = rs.getString(13);
                }
            }
        }
        rows.sort(CLAIM_ORDER);
        List<ReceivedMessage> messages = new ArrayList<>(rows.size());
        long[] seqs = new long[rows.size()];
        Set<Long> suspects = new HashSet<>();
        Map<Long, String> abortedBy = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Claimed row = rows.get(i);
            messages.add(row.message());
            seqs[i] = row.seq();
            if (row.marked() || row.abortedBy() != null) {
                suspects.add(row.message().id());
            }
            if (row.abortedBy() != null) {
                abortedBy.put(row.message().id(), row.abortedBy());
            }
        }
        return new ClaimedBatch(messages, seqs, transactionId, suspects, abortedBy);
    }

    private static Object[] box(int[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static Object[] box(long[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}

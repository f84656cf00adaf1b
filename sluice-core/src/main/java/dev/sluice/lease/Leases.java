package dev.sluice.lease;

import dev.sluice.SluiceException;
import dev.sluice.jdbc.Isolation;
import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.queue.SqlStates;
import dev.sluice.queue.UnknownQueueException;
import dev.sluice.schema.Identifiers;
import dev.sluice.schema.SqlTemplate;
import dev.sluice.worker.QueueCounters;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Leased deliveries, the at-least-once way to consume a queue: claim (commits at once), then
 * acknowledge, fail or extend by lease token, from any thread, process or (over HTTP) language.
 * Every call is one autocommit statement (lease/*.sql). {@code Sluice.startLeasedWorkers} runs
 * threads on top of this; {@code sluice.leases()} gives it to consumers that run their own loop.
 */
public final class Leases {

    private static final Comparator<ReceivedMessage> CLAIM_ORDER = Comparator.comparingInt(ReceivedMessage::priority)
            .thenComparingLong(ReceivedMessage::id);

    private final DataSource dataSource;
    private final String schema;
    private final QueueStatements statements;
    private final Function<String, QueueCounters> counters;
    private final String expiredQueuesSql;

    /** Created by Sluice; {@code counters} gives the queue's counters (null: not counted). */
    public Leases(DataSource dataSource, String schema, QueueStatements statements, Function<String, QueueCounters> counters) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.statements = statements;
        this.counters = counters;
        this.expiredQueuesSql = SqlTemplate.load(Leases.class, "lease_expired_queues.sql").render(java.util.Map.of("schema", Identifiers.quote(schema)));
    }

    /**
     * Leases up to {@code max} ready messages of the queue for {@code lease}, counting one attempt
     * each; committed when this returns. The result may be empty. A message leased for the
     * {@code maxAttempts}-th time that is not acknowledged goes to the dead letters; {@code retry}
     * gives the backoff of failures reported through the returned {@link Lease}.
     *
     * <p>The queue's global limits ({@code QueueLimits}) apply, in the claim's own statement: with a
     * rate limit the claim takes at most the tokens it got (fewer messages, or none); with
     * {@code maxConcurrentBatches} a non-empty claim holds one of the queue's slots, shared with
     * transactional batches, until all its messages are acknowledged, failed or past their deadline,
     * and no slot free means no messages. Either way {@link Lease#heldBack()} says which limit and
     * when to try again.
     */
    public Lease claim(String queue, int max, Duration lease, int maxAttempts, LeaseOptions retry) {
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException("max must be between 1 and 10000; got " + max + ".");
        }
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 1000; got " + maxAttempts + ".");
        }
        LeaseOptions.checkLease("lease", lease);
        QueueTable table = new QueueTable(schema, queue);
        UUID token = UUID.randomUUID();
        List<ReceivedMessage> messages = new ArrayList<>();
        Instant[] deadline = new Instant[1];
        Lease.HeldBack[] heldBack = new Lease.HeldBack[1];
        run(queue, "lease messages of", c -> {
            int granted = 0;
            boolean tookTokens = false;
            // No JIT for the claim: its estimates grow with the queue, past jit_above_cost on a large
            // one, and compiling costs far more than the claim (see worker/Claimer). The transaction
            // holds only this statement.
            try (PreparedStatement ps = c.prepareStatement("SET LOCAL jit = off;\n" + statements.get(Leases.class, "lease_claim.sql", table))) {
                ps.setInt(1, max);
                ps.setString(2, token.toString());
                ps.setInt(3, maxAttempts);
                ps.setString(4, token.toString());
                ps.setDouble(5, lease.toMillis() / 1000.0);
                boolean rows = ps.execute();
                while (!rows && ps.getUpdateCount() != -1) { // past the SET to the claim's rows
                    rows = ps.getMoreResults();
                }
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        if (rs.getObject(1) != null) {
                            // attempts: earlier deliveries, as in the transactional mode (this one was counted at claim)
                            messages.add(new ReceivedMessage(rs.getLong(1), queue, rs.getInt(2), rs.getString(3), rs.getInt(4) - 1,
                                    rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                                    rs.getString(9)));
                            deadline[0] = rs.getTimestamp(10).toInstant();
                        }
                        granted = rs.getInt(11);
                        String limit = rs.getString(13);
                        heldBack[0] = limit == null ? null : new Lease.HeldBack(limit, jittered(rs.getInt(12)));
                        tookTokens = rs.getBoolean(14);
                    }
                }
            }
            if (tookTokens && granted > messages.size()) {
                try (PreparedStatement ps = c.prepareStatement(statements.get(Leases.class, "lease_return_tokens.sql", table))) {
                    ps.setInt(1, granted - messages.size());
                    ps.execute();
                }
            }
            return null;
        });
        messages.sort(CLAIM_ORDER);
        return new Lease(this, queue, token, messages, deadline[0], retry, heldBack[0]);
    }

    /**
     * How many of the queue's {@code maxConcurrentBatches} slots lease claims hold now (claims with
     * a message not yet acknowledged, failed or expired); 0 when the queue has no such limit.
     */
    public long slotsHeld(String queue) {
        QueueTable table = new QueueTable(schema, queue);
        return run(queue, "count the lease slots of", c -> {
            try (PreparedStatement ps = c.prepareStatement(statements.get(Leases.class, "lease_slots_held.sql", table));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Half to all of {@code millis}, so held-back consumers do not come back in step. */
    private static Duration jittered(int millis) {
        long half = Math.max(1, millis / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(Math.max(1, millis - half) + 1));
    }

    /**
     * Acknowledges leased messages ({@code ids} null: all of the token); returns the ids acknowledged.
     * Throws {@link LeaseLostException} if some of the named ids (or, with null, every id) were not held.
     */
    public List<Long> ack(String queue, UUID token, List<Long> ids) {
        QueueTable table = new QueueTable(schema, queue);
        List<Long> done = run(queue, "acknowledge leased messages of", c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(statements.get(Leases.class, "lease_ack.sql", table))) {
                ps.setString(1, token.toString());
                setIds(c, ps, 2, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
        if (!done.isEmpty() && counters != null) {
            counters.apply(queue).processed(done.size(), 0);
        }
        requireAll(queue, token, ids, done, "acknowledge");
        return done;
    }

    /** What {@link #fail} did: ids scheduled for a retry, and ids moved to the dead letters. */
    public record FailResult(List<Long> retried, List<Long> dead) {
    }

    /**
     * Fails leased messages ({@code ids} null: all of the token): each is retried after a backoff
     * ({@code retry}'s delays) or, at its last allowed attempt, moved to the dead letters with {@code error}.
     */
    public FailResult fail(String queue, UUID token, List<Long> ids, String error, LeaseOptions retry) {
        QueueTable table = new QueueTable(schema, queue);
        FailResult result = run(queue, "fail leased messages of", c -> {
            List<Long> retried = new ArrayList<>();
            List<Long> dead = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(statements.get(Leases.class, "lease_fail.sql", table))) {
                ps.setString(1, token.toString());
                setIds(c, ps, 2, ids);
                ps.setDouble(4, retry.retryBaseDelay().toMillis() / 1000.0);
                ps.setDouble(5, retry.retryMaxDelay().toMillis() / 1000.0);
                ps.setString(6, error == null || error.isBlank() ? "failed" : error);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (rs.getBoolean(2) ? dead : retried).add(rs.getLong(1));
                    }
                }
            }
            return new FailResult(retried, dead);
        });
        if (counters != null) {
            QueueCounters q = counters.apply(queue);
            for (int i = 0; i < result.retried().size() + result.dead().size(); i++) {
                q.failed();
            }
            for (int i = 0; i < result.dead().size(); i++) {
                q.dead();
            }
        }
        List<Long> all = new ArrayList<>(result.retried());
        all.addAll(result.dead());
        requireAll(queue, token, ids, all, "fail");
        return result;
    }

    /**
     * Moves the deadline of held messages ({@code ids} null: all of the token) to now + {@code by};
     * returns the new deadline. An expired lease cannot be extended ({@link LeaseLostException}).
     */
    public Instant extend(String queue, UUID token, List<Long> ids, Duration by) {
        LeaseOptions.checkLease("the extension", by);
        QueueTable table = new QueueTable(schema, queue);
        List<Long> extended = new ArrayList<>();
        Instant deadline = run(queue, "extend leases of", c -> {
            Instant last = null;
            try (PreparedStatement ps = c.prepareStatement(statements.get(Leases.class, "lease_extend.sql", table))) {
                ps.setDouble(1, by.toMillis() / 1000.0);
                ps.setString(2, token.toString());
                setIds(c, ps, 3, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        extended.add(rs.getLong(1));
                        last = rs.getTimestamp(2).toInstant();
                    }
                }
            }
            return last;
        });
        requireAll(queue, token, ids, extended, "extend");
        return deadline;
    }

    /**
     * Redelivers the queue's expired leases now (maintenance does this about once a second in every
     * process); returns {redelivered, dead-lettered}.
     */
    public long[] rescueExpired(String queue) {
        QueueTable table = new QueueTable(schema, queue);
        long[] moved = run(queue, "redeliver expired leases of", c -> {
            try (PreparedStatement ps = c.prepareStatement(statements.get(Leases.class, "lease_rescue.sql", table));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
        if (moved[1] > 0 && counters != null) {
            for (long i = 0; i < moved[1]; i++) {
                counters.apply(queue).dead();
            }
        }
        return moved;
    }

    /**
     * Redelivers the expired leases of every queue of the schema (maintenance runs this about once a
     * second in every process); returns how many messages were redelivered or dead-lettered.
     */
    public long rescueAllExpired() throws SQLException {
        List<String> queues = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(expiredQueuesSql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                queues.add(rs.getString(1));
            }
        }
        long moved = 0;
        for (String queue : queues) {
            long[] r = rescueExpired(queue);
            moved += r[0] + r[1];
        }
        return moved;
    }

    /** One READ COMMITTED transaction (under REPEATABLE READ a row a heartbeat just changed would fail the statement). */
    private <T> T run(String queue, String what, Transactions.Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> {
                Isolation.readCommitted(dataSource, tx);
                return work.run(tx);
            });
        } catch (SQLException e) {
            throw failure(e, queue, what);
        }
    }

    private static void setIds(Connection c, PreparedStatement ps, int index, List<Long> ids) throws SQLException {
        if (ids == null) {
            ps.setNull(index, Types.ARRAY);
            ps.setNull(index + 1, Types.ARRAY);
        } else {
            Array array = c.createArrayOf("int8", ids.toArray());
            ps.setArray(index, array);
            ps.setArray(index + 1, array);
        }
    }

    private static void requireAll(String queue, UUID token, List<Long> ids, List<Long> done, String action) {
        if (ids == null ? done.isEmpty() : done.size() < ids.stream().distinct().count()) {
            List<Long> lost = ids == null ? List.of() : ids.stream().distinct().filter(id -> !done.contains(id)).toList();
            throw new LeaseLostException(queue, token, lost, action);
        }
    }

    private static RuntimeException failure(SQLException e, String queue, String what) {
        if (SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
            return new UnknownQueueException(queue);
        }
        return new SluiceException("Could not " + what + " queue \"" + queue + "\": " + e.getMessage(), e);
    }
}

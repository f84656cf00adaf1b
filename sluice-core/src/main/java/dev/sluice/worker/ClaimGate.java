package dev.sluice.worker;

import dev.sluice.queue.QueueLimits;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global limits of one queue ({@link QueueLimits}), as its workers in this process consult them
 * before each claim. The state that enforces them is in PostgreSQL: concurrency slots are advisory
 * locks held by batch transactions (gate_slot.sql) or slots held by unsettled lease claims (migration
 * 7, which lease claims take in their own statement, dev.sluice.lease), the rate is a token bucket
 * row (take_tokens in migration 5) that batches and lease claims draw from alike. This class only caches which limits are set, so that a queue
 * without limits pays no round trip; the cache is re-read every {@link #REFRESH_NANOS} and at once
 * on the queue's "resume" notification, which {@code QueueAdmin.setLimits} sends.
 *
 * <p>Per claim: {@link #admit} (autocommit, before the transaction) takes rate tokens and says how
 * many messages the claim may take; {@link #holdSlot} (first statement of the transaction) takes a
 * concurrency slot; {@link #settle} (after the transaction) gives back tokens the claim did not use.
 */
final class ClaimGate {

    private static final Logger log = LoggerFactory.getLogger(ClaimGate.class);

    /** How often a cached "no limit" is checked again when no notification arrives. */
    static final long REFRESH_NANOS = 5_000_000_000L;

    private final String queue;
    private final String limitsSql;
    private final String slotSql;
    private final String takeSql;
    private final String returnSql;
    /** Null until first read. */
    private volatile QueueLimits limits;
    private final AtomicLong refreshedAt;
    /** While the gate knows it is shut (no token, no slot), workers claim nothing before this. */
    private volatile long shutUntilNanos = System.nanoTime();

    ClaimGate(QueueTable table, QueueStatements statements) {
        this.queue = table.queue();
        this.limitsSql = statements.get(ClaimGate.class, "gate_limits.sql", table);
        this.slotSql = statements.get(ClaimGate.class, "gate_slot.sql", table);
        this.takeSql = statements.get(ClaimGate.class, "gate_take_tokens.sql", table);
        this.returnSql = statements.get(ClaimGate.class, "gate_return_tokens.sql", table);
        this.refreshedAt = new AtomicLong(System.nanoTime() - REFRESH_NANOS - 1);
    }

    /** Re-reads the limits before the next claim (the queue's limits may have changed). */
    void refreshSoon() {
        refreshedAt.set(System.nanoTime() - REFRESH_NANOS - 1);
        shutUntilNanos = System.nanoTime();
    }

    /** The limits as last read ({@link QueueLimits#NONE} before the first claim). */
    QueueLimits limits() {
        QueueLimits current = limits;
        return current == null ? QueueLimits.NONE : current;
    }

    /**
     * How many messages the next claim may take, at most {@code batchSize}; 0 when the rate limit
     * has no token left now (the claim is skipped). Runs in autocommit, before the batch transaction.
     */
    int admit(Connection c, int batchSize) throws SQLException {
        long now = System.nanoTime();
        long last = refreshedAt.get();
        QueueLimits current = limits;
        if (current == null) {
            current = read(c); // not read yet: every worker reads for itself rather than claim unchecked
            limits = current;
        } else if (now - last > REFRESH_NANOS && refreshedAt.compareAndSet(last, now)) {
            current = read(c);
            limits = current;
        }
        if (current.isUnlimited()) {
            return batchSize;
        }
        if (now - shutUntilNanos < 0) {
            return 0;
        }
        if (current.rateLimit() == null) {
            return batchSize;
        }
        int want = Math.min(batchSize, current.effectiveBurst());
        try (PreparedStatement ps = c.prepareStatement(takeSql)) {
            ps.setString(1, queue);
            ps.setInt(2, want);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int granted = rs.getInt(1);
                if (granted == 0) {
                    // Wait for about half a claim's worth of tokens, not one (a round trip per message
                    // would be wasteful), nor a full bucket (tokens above the burst are lost while
                    // nobody claims, and the rate would fall short). Jittered so workers do not align.
                    long half = (long) (want / current.rateLimit() * 1e9) / 2;
                    shutFor(Math.max(rs.getInt(2) * 1_000_000L, half / 2 + ThreadLocalRandom.current().nextLong(half / 2 + 1)));
                }
                return granted;
            }
        }
    }

    /**
     * Takes a concurrency slot for the batch transaction just begun on {@code c}, as its first
     * statement; false when every slot is taken (the caller rolls back and claims nothing).
     */
    boolean holdSlot(Connection c) throws SQLException {
        QueueLimits current = limits;
        if (current == null || current.maxConcurrentBatches() == null) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement(slotSql)) {
            ps.setString(1, queue);
            boolean isResultSet = ps.execute();
            while (!isResultSet) { // past the SET's update count
                isResultSet = ps.getMoreResults();
                if (!isResultSet && ps.getUpdateCount() == -1) {
                    throw new SQLException("The slot statement returned no rows result; is gate_slot.sql intact?");
                }
            }
            try (ResultSet rs = ps.getResultSet()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        // Every slot is busy: look again soon. Slots free up when batches commit, which a claim
        // cannot be told about across processes; 10 to 30 ms of polling costs one cheap round trip.
        shutFor(10_000_000L + ThreadLocalRandom.current().nextLong(20_000_000L));
        return false;
    }

    /**
     * After the batch transaction: gives back the tokens a claim took but did not use. Failing to
     * give them back only makes the limit stricter for a moment, so errors are logged, not thrown.
     */
    void settle(Connection c, int admitted, int claimed, int batchSize) {
        QueueLimits current = limits;
        if (current == null || current.rateLimit() == null || admitted <= claimed) {
            if (current.rateLimit() != null && claimed > 0 && claimed < batchSize) {
                // A full claim cut short by the rate: more is likely waiting; come back when half a
                // claim's worth of tokens has been refilled rather than claiming them one by one.
                shutFor((long) (Math.min(batchSize, current.effectiveBurst()) / current.rateLimit() * 1e9) / 2);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(returnSql)) {
            ps.setString(1, queue);
            ps.setInt(2, admitted - claimed);
            ps.execute();
        } catch (SQLException e) {
            log.debug("Could not give back {} rate tokens of queue {}: {}", admitted - claimed, queue, e.toString());
        }
    }

    /** Milliseconds until the gate may open again; Long.MAX_VALUE when it is not known to be shut. */
    long millisUntilOpen() {
        long left = shutUntilNanos - System.nanoTime();
        return left <= 0 ? Long.MAX_VALUE : left / 1_000_000L + 1;
    }

    private void shutFor(long nanos) {
        long until = System.nanoTime() + nanos;
        if (until - shutUntilNanos > 0) {
            shutUntilNanos = until;
        }
    }

    private QueueLimits read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(limitsSql)) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return QueueLimits.NONE; // dropped: the claim reports it
                }
                Integer max = (Integer) rs.getObject(1);
                Double rate = rs.getObject(2) == null ? null : rs.getDouble(2);
                Integer burst = (Integer) rs.getObject(3);
                return new QueueLimits(max, rate, burst);
            }
        }
    }
}

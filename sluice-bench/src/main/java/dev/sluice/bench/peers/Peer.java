package dev.sluice.bench.peers;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One job queue measured by {@code sluice bench peers}: jobs are ids {@code 0..n-1}, each a no-op
 * handler that reports its id. Every peer runs in its own fresh database.
 */
interface Peer extends AutoCloseable {

    /** The name used by {@code --peers}, e.g. {@code db-scheduler}. */
    String name();

    /** Library and version, e.g. {@code db-scheduler 16.7.1}. */
    String version();

    /** The throughput settings this run gives the peer (its documentation's recommendations). */
    Map<String, Object> settings();

    /** Throws when the peer cannot run against this server or machine; called before its database is made. */
    default void checkAvailable(String serverJdbcUrl) throws PeerUnavailable {
    }

    /** Creates the peer's tables and queue in the (fresh, empty) database at {@code jdbcUrl}. */
    void open(String jdbcUrl) throws Exception;

    /** Enqueues ids {@code from..from+n-1} with the peer's bulk API, counting into {@code done}; returns the seconds taken. */
    double enqueue(int from, int n, AtomicLong done) throws Exception;

    /**
     * Starts the peer's workers on the {@code n} jobs enqueued (ids {@code 0..n-1}) and returns the
     * seconds until every handler ran and the peer's own tables show no job pending, i.e. the
     * completions committed. Handler runs are counted into {@code handled} (live, or at the end,
     * with live progress in {@code progress}).
     */
    double burnDown(int n, HandledIds handled, AtomicLong progress) throws Exception;

    /**
     * Open loop: job {@code seq} (of {@code total}) is due at {@code seq / rate} seconds and is
     * enqueued then with the single-job API; fills {@code latencyMicros[seq]} with handler start
     * minus due time ({@code -1} if it never ran) and waits until nothing is pending.
     */
    void latency(int rate, int total, double[] latencyMicros, HandledIds handled, AtomicLong progress) throws Exception;

    /** Jobs not yet completed, from the peer's own tables. */
    long pending() throws Exception;

    @Override
    void close() throws Exception;
}

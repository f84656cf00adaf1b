package dev.sluice.examples.versioning;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A data source that counts the database operations made through it, per connection lease (from
 * {@code getConnection} to {@code close}), so that the demo reports the batch path apart from what
 * idle workers do.
 *
 * <p>An operation is a statement executed (a statement of several commands sent together counts
 * once: one round trip) or a commit that reached the server. A {@code commit()} or {@code rollback()}
 * on a connection whose transaction has already ended (the new pipeline sends its last write with
 * the COMMIT, see {@link NewPipeline}) sends nothing, as pgjdbc skips it, and is not counted.
 * Round trips are operations plus the rollbacks that reached the server.
 *
 * <p>Each lease ends in one of three kinds: a <b>batch</b> (the new pipeline's handler marked the
 * connection it was given, {@link #countAsBatch}: Sluice's claim and everything the handler sent),
 * <b>rolled back</b> (a transaction that rolled back without being marked: in the workers' node, an
 * idle worker's claim that found nothing; in the Versioning service, an old-pipeline write that lost
 * a race), or <b>other</b> (the rest: Sluice's promotion checks, the services'
 * reads, the old pipeline's writes and scan).
 */
public final class CountingDataSource implements DataSource {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    /** What one kind of lease added up to. */
    public record Tally(long leases, long operations, long roundTrips) {
    }

    /** The counts so far, by kind of lease. */
    public record Counts(Tally batch, Tally rolledBack, Tally other) {

        /** Operations of every kind. */
        public long operations() {
            return batch.operations() + rolledBack.operations() + other.operations();
        }

        /** As text: {@code total batchLeases batchOps batchTrips rolledBackLeases rolledBackOps rolledBackTrips otherLeases otherOps otherTrips}. */
        public String text() {
            return operations() + " " + batch.leases() + " " + batch.operations() + " " + batch.roundTrips() + " " + rolledBack.leases()
                    + " " + rolledBack.operations() + " " + rolledBack.roundTrips() + " " + other.leases() + " " + other.operations() + " "
                    + other.roundTrips();
        }

        static Counts parse(String text) {
            String[] w = text.trim().split(" ");
            long[] v = new long[w.length];
            for (int i = 0; i < w.length; i++) {
                v[i] = Long.parseLong(w[i]);
            }
            return new Counts(new Tally(v[1], v[2], v[3]), new Tally(v[4], v[5], v[6]), new Tally(v[7], v[8], v[9]));
        }

        Counts minus(Counts before) {
            return new Counts(minus(batch, before.batch), minus(rolledBack, before.rolledBack), minus(other, before.other));
        }

        private static Tally minus(Tally a, Tally b) {
            return new Tally(a.leases() - b.leases(), a.operations() - b.operations(), a.roundTrips() - b.roundTrips());
        }
    }

    private final DataSource target;
    private final LongAdder[] leases = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder[] operations = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder[] roundTrips = {new LongAdder(), new LongAdder(), new LongAdder()};

    public CountingDataSource(DataSource target) {
        this.target = target;
    }

    /**
     * Marks the lease of {@code connection} (a connection of this data source, possibly wrapped, e.g.
     * by Sluice for a batch handler) as a batch. Does nothing for other connections.
     */
    public static void countAsBatch(Connection connection) throws SQLException {
        if (connection.isWrapperFor(Lease.class)) {
            connection.unwrap(Lease.class).batch = true;
        }
    }

    /** Operations so far, every kind. */
    public long operations() {
        return counts().operations();
    }

    /** The counts so far (leases still open are counted when they close). */
    public Counts counts() {
        Tally[] t = new Tally[3];
        for (int i = 0; i < 3; i++) {
            t[i] = new Tally(leases[i].sum(), operations[i].sum(), roundTrips[i].sum());
        }
        return new Counts(t[0], t[1], t[2]);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new Lease(target.getConnection()).proxy;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return new Lease(target.getConnection(username, password)).proxy;
    }

    /** One lease: its counts, added to the data source's when it closes. */
    private final class Lease {
        private final Connection connection;
        private final Connection proxy;
        private long ops;
        private long rollbacks;
        private boolean rolledBack;
        private volatile boolean batch;
        private boolean closed;

        Lease(Connection connection) {
            this.connection = connection;
            this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this::invoke);
        }

        private Object invoke(Object p, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "isWrapperFor" -> {
                    if (args[0] == Lease.class) {
                        return true;
                    }
                }
                case "unwrap" -> {
                    if (args[0] == Lease.class) {
                        return this;
                    }
                }
                case "commit" -> {
                    if (open()) {
                        ops++;
                    }
                }
                case "rollback" -> {
                    if (open()) {
                        rollbacks++;
                        rolledBack |= args == null; // rollback(savepoint) leaves the transaction open
                    }
                }
                case "close" -> close();
                default -> {
                }
            }
            Object result = CountingDataSource.invoke(connection, method, args);
            return switch (method.getName()) {
                case "createStatement" -> countStatements(Statement.class, result);
                case "prepareStatement" -> countStatements(PreparedStatement.class, result);
                case "prepareCall" -> countStatements(CallableStatement.class, result);
                default -> result;
            };
        }

        /** Whether a transaction is open, so that a commit or rollback would reach the server. */
        private boolean open() throws SQLException {
            if (connection.getAutoCommit()) {
                return false;
            }
            return !connection.isWrapperFor(BaseConnection.class)
                    || connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
        }

        private Object countStatements(Class<? extends Statement> type, Object statement) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (EXECUTES.contains(method.getName())) {
                    ops++;
                }
                return CountingDataSource.invoke(statement, method, args);
            };
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            int kind = batch ? 0 : rolledBack ? 1 : 2;
            leases[kind].increment();
            operations[kind].add(ops);
            roundTrips[kind].add(ops + rollbacks);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return target.isWrapperFor(type);
    }
}

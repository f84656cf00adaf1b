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

/**
 * A data source that counts the database operations made through it: every statement executed
 * (a batch counts once: one round trip) and every explicit commit. Both pipelines, the services
 * and Sluice itself run on one instance, so the benchmark's "DB operations per record" is counted,
 * not estimated.
 */
public final class CountingDataSource implements DataSource {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final DataSource target;
    private final LongAdder statements = new LongAdder();
    private final LongAdder commits = new LongAdder();

    public CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** Statements executed so far. */
    public long statements() {
        return statements.sum();
    }

    /** Explicit commits so far. */
    public long commits() {
        return commits.sum();
    }

    /** Statements plus explicit commits: the round trips that do database work. */
    public long operations() {
        return statements() + commits();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(target.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(connection, method, args);
            switch (method.getName()) {
                case "commit" -> commits.increment();
                case "createStatement" -> result = countStatements(Statement.class, result);
                case "prepareStatement" -> result = countStatements(PreparedStatement.class, result);
                case "prepareCall" -> result = countStatements(CallableStatement.class, result);
                default -> {
                }
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Object countStatements(Class<? extends Statement> type, Object statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTES.contains(method.getName())) {
                statements.increment();
            }
            return invoke(statement, method, args);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
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

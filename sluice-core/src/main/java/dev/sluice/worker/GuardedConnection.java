package dev.sluice.worker;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * The connection a handler gets: the worker's own, inside the transaction that acknowledges the
 * batch, with the calls that would end or leave that transaction refused. A handler that committed
 * would acknowledge the claim early, and a later throw would then lose those messages; one that
 * rolled back or closed would silently undo it. Savepoints, statements and everything else pass
 * through.
 */
final class GuardedConnection implements InvocationHandler {

    private static final Set<String> REFUSED = Set.of("commit", "setAutoCommit", "close", "abort");

    private final Connection target;

    private GuardedConnection(Connection target) {
        this.target = target;
    }

    /** Wraps {@code target} for a handler. */
    static Connection wrap(Connection target) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new GuardedConnection(target));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        boolean refused = REFUSED.contains(name) || (name.equals("rollback") && (args == null || args.length == 0));
        if (refused) {
            throw new SQLException("A batch handler must not call Connection." + name + "(): the connection's transaction"
                    + " acknowledges the batch, and Sluice commits it when the handler returns (or rolls the handler's writes"
                    + " back when it throws). Throw to fail the batch; use a savepoint to undo part of your work.", "25000");
        }
        if (name.equals("toString") && method.getParameterCount() == 0) {
            return "GuardedConnection(" + target + ")";
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

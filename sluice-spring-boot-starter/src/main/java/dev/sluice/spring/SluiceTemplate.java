package dev.sluice.spring;

import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.EnqueueResult;
import dev.sluice.queue.Message;
import dev.sluice.tracing.SluiceTracing;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Enqueues into Sluice from Spring code, in the caller's transaction when there is one.
 *
 * <p>Inside a {@code @Transactional} method (or a {@code TransactionTemplate}, or a
 * {@link SluiceHandler}), the enqueue runs on the transaction's own connection, obtained through
 * {@link DataSourceUtils}: it commits with the transaction, and a rollback means the message was
 * never enqueued. Never a second connection. Outside a transaction, each call is a transaction of its own.
 *
 * <p>Thread-safe; inject it where you would inject a {@code JdbcTemplate}.
 */
public class SluiceTemplate {

    private final Sluice sluice;
    private final DataSource dataSource;
    private final SluiceTracing tracing;

    /**
     * @param sluice the Sluice instance
     * @param dataSource the data source the application's transaction manager binds connections for
     * @param tracing adds trace context and spans; {@link SluiceTracing#disabled()} for none
     */
    public SluiceTemplate(Sluice sluice, DataSource dataSource, SluiceTracing tracing) {
        this.sluice = sluice;
        this.dataSource = dataSource;
        this.tracing = tracing;
    }

    /** Enqueues a payload, written as JSON by Sluice's Jackson 2 mapper. */
    public EnqueueResult enqueue(String queue, Object payload) {
        return enqueue(queue, payload instanceof Message m ? m : Message.of(payload));
    }

    /** Enqueues one message. */
    public EnqueueResult enqueue(String queue, Message message) {
        return enqueueBatch(queue, List.of(message)).get(0);
    }

    /** Enqueues a batch in one statement; results in input order. */
    public List<EnqueueResult> enqueueBatch(String queue, List<Message> messages) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                return tracing.enqueue(c, queue, messages, () -> sluice.enqueueBatch(c, queue, messages));
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
        }
        try (Connection c = sluice.dataSource().getConnection()) {
            return Transactions.run(c, tx -> tracing.enqueue(tx, queue, messages, () -> sluice.enqueueBatch(tx, queue, messages)));
        } catch (SQLException e) {
            throw new SluiceException("Could not enqueue into queue \"" + queue + "\": " + e.getMessage(), e);
        }
    }

    /** The Sluice instance, for queues, dead letters, captures and statistics. */
    public Sluice sluice() {
        return sluice;
    }
}

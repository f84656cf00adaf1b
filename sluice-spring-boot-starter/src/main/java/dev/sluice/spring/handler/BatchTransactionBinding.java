package dev.sluice.spring.handler;

import dev.sluice.worker.BatchHandler;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a handler with the batch's connection bound to the application's {@code DataSource} as the
 * current Spring transaction: {@code JdbcTemplate}, {@code DataSourceUtils} and
 * {@code @Transactional} (REQUIRED, which joins) then use the batch's connection, and their writes
 * commit with the acknowledgement. Sluice commits after the handler returns, so Spring
 * {@code TransactionSynchronization} callbacks registered inside a handler are not run.
 */
public final class BatchTransactionBinding {

    private BatchTransactionBinding() {
    }

    /** {@code handler}, run inside the batch's transaction as Spring sees it. */
    public static BatchHandler bind(DataSource dataSource, BatchHandler handler) {
        return batch -> {
            if (TransactionSynchronizationManager.hasResource(dataSource)) {
                // Called inside another binding (a test helper running a handler in a transaction): leave it.
                handler.handle(batch);
                return;
            }
            // Active: a @Transactional method joins instead of beginning (and committing) its own.
            ConnectionHolder holder = new ConnectionHolder(batch.connection(), true);
            holder.setSynchronizedWithTransaction(true);
            TransactionSynchronizationManager.bindResource(dataSource, holder);
            TransactionSynchronizationManager.setActualTransactionActive(true);
            // Ours, so that a joining method does not run afterCommit callbacks before Sluice commits.
            TransactionSynchronizationManager.initSynchronization();
            try {
                handler.handle(batch);
                if (holder.isRollbackOnly()) {
                    throw new IllegalStateException("A @Transactional method called by the handler of queue \""
                            + batch.queue() + "\" marked the batch's transaction rollback-only; the batch is rolled back and retried.");
                }
            } finally {
                TransactionSynchronizationManager.clearSynchronization();
                TransactionSynchronizationManager.setActualTransactionActive(false);
                TransactionSynchronizationManager.unbindResource(dataSource);
            }
        };
    }
}

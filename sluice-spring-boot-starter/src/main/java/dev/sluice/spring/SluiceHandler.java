package dev.sluice.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a queue. Sluice starts its workers when the application
 * context has started and stops them gracefully when it closes.
 *
 * <p>The method takes one of:
 * <ul>
 * <li>a {@link dev.sluice.worker.Batch}: the messages and the batch's connection;</li>
 * <li>a {@code List<T>}: the batch's payloads read as {@code T} (a {@code List<ReceivedMessage>} gets the messages);</li>
 * <li>a {@code T}: called once per message with its payload read as {@code T};</li>
 * </ul>
 * and may also take a {@code Batch} beside the payloads. Payloads are read with Sluice's Jackson 2
 * mapper, the one {@code Message.of} writes with (ISO-8601 dates, unknown properties ignored).
 *
 * <p>The method runs inside the batch's transaction, bound to the application's {@code DataSource}:
 * {@code JdbcTemplate}, {@code JdbcClient}, {@code @Transactional} methods (default propagation) and
 * {@link SluiceTemplate} all write through the batch's connection, so those writes commit together
 * with the acknowledgement, exactly once. Throw to fail the batch: it rolls back and Sluice isolates
 * the failing messages and retries them.
 *
 * <pre>{@code
 * @SluiceHandler(queue = "emails", concurrency = 4, batchSize = 150)
 * void send(List<Email> emails) { ... }
 * }</pre>
 *
 * <p>Attributes left at -1 fall back to {@code sluice.queues.<queue>.*} properties, which
 * also override set attributes, then to Sluice's defaults.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SluiceHandler {

    /** The queue this method handles. */
    String queue();

    /** Worker threads (1..256); -1: {@code sluice.queues.<queue>.concurrency}, else 2. */
    int concurrency() default -1;

    /** Most messages per call (1..10000); -1: {@code sluice.queues.<queue>.batch-size}, else 150. */
    int batchSize() default -1;

    /** Failed attempts before a message moves to the dead letters (1..1000); -1: property, else 20. */
    int maxAttempts() default -1;
}

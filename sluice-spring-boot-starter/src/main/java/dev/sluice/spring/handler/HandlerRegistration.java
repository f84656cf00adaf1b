package dev.sluice.spring.handler;

import dev.sluice.worker.BatchHandler;

/**
 * One queue's handler as found in the context.
 *
 * @param queue the queue
 * @param handler the handler
 * @param source where it came from, for messages ("bean 'emails'", "method com.acme.Mailer.send")
 * @param concurrency the handler's own setting, or -1
 * @param batchSize the handler's own setting, or -1
 * @param maxAttempts the handler's own setting, or -1
 */
public record HandlerRegistration(String queue, BatchHandler handler, String source, int concurrency, int batchSize,
                                  int maxAttempts) {
}

package dev.sluice.queue;

/**
 * What happened to one enqueued message.
 *
 * @param id the message id (for a duplicate, the id of the message that already holds the key)
 * @param duplicate true when an idempotency key made this enqueue a no-op
 */
public record EnqueueResult(long id, boolean duplicate) {
}

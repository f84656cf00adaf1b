package dev.sluice.queue;

/**
 * A queue's state at one moment.
 *
 * @param queue the queue name
 * @param paused whether workers are paused
 * @param depth messages stored (ready, delayed or in flight, leased included)
 * @param ready messages whose run time has come
 * @param oldestReadySeconds how long the oldest ready message has waited, 0 when none
 * @param processed messages acknowledged since the queue was created (flushed about once a second)
 * @param failed failed attempts since the queue was created
 * @param deadLettered messages moved to dead letters since the queue was created
 * @param deadLetters dead letters stored now
 * @param leased messages held by leases now (lease mode, at least once), part of depth
 * @param limits the queue's global limits ({@link QueueLimits#NONE} when it has none)
 * @param batchesRunning batches holding one of the queue's concurrency slots now, in the whole cluster
 *        (0 when it has no {@code maxConcurrentBatches}: batches of an unlimited queue are not counted)
 */
public record QueueStats(String queue, boolean paused, long depth, long ready, double oldestReadySeconds,
                         long processed, long failed, long deadLettered, long deadLetters,
                         long leased, QueueLimits limits, long batchesRunning) {
}

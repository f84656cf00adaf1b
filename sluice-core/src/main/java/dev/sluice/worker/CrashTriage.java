package dev.sluice.worker;

import dev.sluice.queue.ReceivedMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides, before the handler runs, what a claimed batch hands to it when deliveries that never
 * committed are behind some of its messages (crash suspects, see claim.sql). Those deliveries count
 * as attempts: a message delivered maxAttempts times goes to the dead letters without running
 * again. If suspects remain, only the first runs, alone, and the rest go back untouched, so that a
 * message that kills its worker charges no batch-mate with its crashes. A batch without suspects
 * costs nothing here.
 */
final class CrashTriage {

    /**
     * What the handler gets.
     *
     * @param runnable the messages to hand to the handler, attempts including aborted deliveries
     * @param dead how many went to the dead letters
     * @param wrote whether anything was written in the batch's transaction (the handler's failure
     *        must then roll back to a savepoint after these writes, not before them)
     */
    record Result(List<ReceivedMessage> runnable, int dead, boolean wrote) {
    }

    private final AbortedDeliveries aborted;
    private final FailureRecorder failures;
    private final int maxAttempts;

    CrashTriage(AbortedDeliveries aborted, FailureRecorder failures, int maxAttempts) {
        this.aborted = aborted;
        this.failures = failures;
        this.maxAttempts = maxAttempts;
    }

    Result triage(Connection c, ClaimedBatch batch) throws SQLException {
        if (batch.suspects().isEmpty() && batch.messages().stream().allMatch(m -> m.attempts() < maxAttempts)) {
            return new Result(batch.messages(), 0, false);
        }
        Map<Long, Integer> crashes = batch.suspects().isEmpty() ? Map.of() : aborted.record(batch);
        List<ReceivedMessage> runnable = new ArrayList<>(batch.messages().size());
        List<ReceivedMessage> untouched = new ArrayList<>();
        List<Long> ended = new ArrayList<>();
        int dead = 0;
        boolean wrote = false;
        for (ReceivedMessage m : batch.messages()) {
            int n = crashes.getOrDefault(m.id(), 0);
            ReceivedMessage counted = n == 0 ? m : withAttempts(m, m.attempts() + n);
            if (counted.attempts() >= maxAttempts) {
                failures.exhausted(c, counted);
                dead++;
                wrote = true;
                ended.add(m.id());
            } else {
                runnable.add(counted);
                untouched.add(m);
            }
        }
        int first = -1;
        for (int i = 0; i < runnable.size() && first < 0; i++) {
            first = batch.suspects().contains(runnable.get(i).id()) ? i : -1;
        }
        if (first >= 0) {
            ended.add(runnable.get(first).id());
            if (runnable.size() > 1) {
                untouched.remove(first);
                aborted.excuse(batch, untouched.stream().map(ReceivedMessage::id).toList());
                failures.release(c, untouched, batch.suspects()); // their records stay, counted when they run
                runnable = List.of(runnable.get(first));
                wrote = true;
            }
        }
        if (!ended.isEmpty() && !crashes.isEmpty()) {
            aborted.forget(c, batch, ended);
            wrote = true;
        }
        return new Result(runnable, dead, wrote);
    }

    private static ReceivedMessage withAttempts(ReceivedMessage m, int attempts) {
        return new ReceivedMessage(m.id(), m.queue(), m.priority(), m.payloadJson(), attempts, m.enqueuedAt(), m.runAt(),
                m.orderingKey(), m.dedupeKey(), m.idempotencyKey());
    }
}

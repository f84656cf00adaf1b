package dev.sluice.schedule;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * A defined schedule and its state, as stored in the database.
 *
 * @param name the schedule's name
 * @param queue the queue its messages go to
 * @param schedule how it ticks, e.g. {@code cron "0 3 * * *" Europe/Paris} or {@code every PT5M}
 * @param kind {@code cron} or {@code interval}
 * @param expression the cron expression, or null for an interval
 * @param zone the time zone cron is evaluated in
 * @param intervalMillis the interval in milliseconds, or null for cron
 * @param payload the JSON payload of each message (null: none)
 * @param priority the priority of each message
 * @param catchUp what happens to ticks missed during downtime
 * @param graceMillis how late a tick may be and still count as on time
 * @param paused whether ticking is paused
 * @param nextRunAt the next tick to be enqueued
 * @param nextTicks the next few ticks from {@code nextRunAt} (empty while paused)
 * @param lastTickAt the latest tick that was enqueued, or null
 * @param lastMessageId the message that tick became, or null
 * @param lastEnqueuedAt when it was enqueued, or null
 * @param enqueuedTicks how many ticks were enqueued since the schedule was created
 * @param skippedTicks how many due ticks enqueued nothing (catch-up), counted up to 10,000 per pass
 * @param createdAt when the schedule was first defined
 * @param updatedAt when it was last changed
 */
public record ScheduleInfo(String name, String queue, String schedule, String kind, String expression, String zone,
                           Long intervalMillis, @JsonRawValue String payload, int priority, CatchUp catchUp, long graceMillis,
                           boolean paused, Instant nextRunAt, List<Instant> nextTicks, Instant lastTickAt, Long lastMessageId,
                           Instant lastEnqueuedAt, long enqueuedTicks, long skippedTicks, Instant createdAt, Instant updatedAt) {
}

package dev.sluice.schedule;

import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.EnqueueResult;
import dev.sluice.queue.Enqueuer;
import dev.sluice.queue.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that enqueues due ticks: one per Sluice instance, sleeping until the next tick of any
 * schedule falls due (at most {@link #MAX_SLEEP_MILLIS}, so schedules defined by other processes
 * are seen within a second). Each due schedule is handled in a transaction of its own; see
 * {@code schedule_lock_due.sql} for why a tick is enqueued exactly once.
 */
final class ScheduleTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);
    static final long MAX_SLEEP_MILLIS = 1_000;
    /** Pause before looking again at a due schedule that another process is enqueuing. */
    private static final long BUSY_RETRY_MILLIS = 50;
    /** Most missed ticks counted one by one for a cron schedule in one pass (intervals are counted exactly). */
    private static final int MAX_COUNTED = 10_000;

    private final DataSource dataSource;
    private final ScheduleSql sql;
    private final Enqueuer enqueuer;
    private final Object monitor = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private boolean woken;
    private boolean failing;

    ScheduleTicker(DataSource dataSource, ScheduleSql sql, Enqueuer enqueuer, boolean run) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.enqueuer = enqueuer;
        if (run) {
            thread = new Thread(this::loop, "sluice-schedules");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    private void loop() {
        while (!closed) {
            long sleep = MAX_SLEEP_MILLIS;
            try {
                Pass pass = pass();
                // Still due after a pass: another process holds the row (it will be done in a moment),
                // or ALL is catching up (go on at once). A failing schedule is retried once a second.
                long floor = pass.failed() ? MAX_SLEEP_MILLIS : pass.advanced() > 0 ? 1 : BUSY_RETRY_MILLIS;
                sleep = Math.min(MAX_SLEEP_MILLIS, Math.max(floor, millisUntilNextDue()));
                if (failing) {
                    log.info("Schedule ticking works again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    boolean unmigrated = e.getCause() instanceof SQLException sql && "42P01".equals(sql.getSQLState());
                    log.warn("Schedule ticking failed; retrying every second: {}{}", e.toString(), unmigrated
                            ? " (the schema lacks the schedules table of core migration 4: run `sluice migrate` or start with migrate on)" : "");
                    failing = true;
                } else {
                    log.debug("Schedule ticking failed again: {}", e.toString());
                }
            }
            synchronized (monitor) {
                long until = System.nanoTime() + sleep * 1_000_000;
                while (!closed && !woken) {
                    long left = (until - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        break;
                    }
                    try {
                        monitor.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** A schedule was defined or resumed here: recompute the sleep. */
    void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    /** Enqueues the due ticks of every due schedule; returns the messages enqueued. */
    int tickDue() {
        return pass().enqueued();
    }

    /** What one pass did: messages enqueued, schedules moved on, whether any schedule failed. */
    record Pass(int enqueued, int advanced, boolean failed) {
    }

    private Pass pass() {
        List<String> due = Transactions.run(dataSource, "find due schedules", c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.due); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
        int enqueued = 0;
        int advanced = 0;
        boolean failed = false;
        for (String name : due) {
            try {
                int n = Transactions.run(dataSource, "tick schedule \"" + name + "\"", c -> tick(c, name));
                if (n >= 0) {
                    enqueued += n;
                    advanced++;
                }
            } catch (RuntimeException e) {
                // One broken schedule (e.g. its payload no longer fits maxPayloadBytes) must not stop the others.
                log.warn("Schedule {} could not enqueue its tick; retrying in a second: {}", name, e.toString());
                failed = true;
            }
        }
        return new Pass(enqueued, advanced, failed);
    }

    private long millisUntilNextDue() {
        return Transactions.run(dataSource, "read the next schedule tick", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.nextDue); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long ms = rs.getLong(1);
                return rs.wasNull() ? MAX_SLEEP_MILLIS : ms;
            }
        });
    }

    /** One schedule's due ticks, in the caller's transaction; the messages enqueued, or -1 when it was not ours to tick. */
    private int tick(Connection c, String name) throws SQLException {
        String queue;
        String payload;
        int priority;
        CatchUp catchUp;
        Duration grace;
        Instant due;
        Instant now;
        Schedule schedule;
        try (PreparedStatement ps = c.prepareStatement(sql.lockDue)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return -1; // another process has it, or already enqueued it
                }
                queue = rs.getString(1);
                schedule = StoredSchedule.read(rs, 2);
                payload = rs.getString(6);
                priority = rs.getShort(7);
                catchUp = CatchUp.parse(rs.getString(8));
                grace = Duration.ofMillis(rs.getLong(9));
                due = rs.getObject(10, OffsetDateTime.class).toInstant();
                now = rs.getObject(11, OffsetDateTime.class).toInstant();
            }
        }
        Plan plan = plan(schedule, catchUp, grace, due, now);
        List<Message> messages = new ArrayList<>(plan.ticks().size());
        for (Instant t : plan.ticks()) {
            messages.add(Message.builder().json(payload).priority(priority).idempotencyKey(Schedules.idempotencyKey(name, t)).build());
        }
        List<EnqueueResult> results = enqueuer.enqueue(c, queue, messages);
        int fresh = (int) results.stream().filter(r -> !r.duplicate()).count();
        try (PreparedStatement ps = c.prepareStatement(sql.advance)) {
            ps.setObject(1, plan.next().atOffset(ZoneOffset.UTC));
            Instant last = plan.ticks().isEmpty() ? null : plan.ticks().get(plan.ticks().size() - 1);
            ps.setObject(2, last == null ? null : last.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(3, results.isEmpty() ? null : results.get(results.size() - 1).id(), Types.BIGINT);
            ps.setLong(4, fresh);
            ps.setLong(5, fresh);
            ps.setLong(6, plan.skipped());
            ps.setString(7, name);
            ps.executeUpdate();
        }
        if (plan.skipped() > 0) {
            log.info("Schedule {} skipped {} missed tick(s) (catch-up {}), next tick {}", name, plan.skipped(), catchUp.text(), plan.next());
        }
        return fresh;
    }

    /** The ticks to enqueue now, how many due ticks are dropped, and the next tick after them. */
    record Plan(List<Instant> ticks, long skipped, Instant next) {
    }

    /** Decides a pass for a schedule whose tick {@code due} is at or before {@code now}. */
    static Plan plan(Schedule schedule, CatchUp catchUp, Duration grace, Instant due, Instant now) {
        Instant latest = schedule.latestAtOrBefore(now).filter(t -> !t.isBefore(due)).orElse(due);
        if (catchUp == CatchUp.ALL) {
            List<Instant> ticks = new ArrayList<>(schedule.ticksFrom(due, CatchUp.MAX_TICKS_PER_PASS + 1));
            ticks.removeIf(t -> t.isAfter(now));
            if (ticks.isEmpty()) {
                ticks.add(due); // due was not on the grid (cannot happen for rows Sluice wrote); enqueue it once
            }
            if (ticks.size() > CatchUp.MAX_TICKS_PER_PASS) {
                Instant next = ticks.remove(CatchUp.MAX_TICKS_PER_PASS);
                return new Plan(ticks, 0, next);
            }
            return new Plan(ticks, 0, after(schedule, ticks.get(ticks.size() - 1), now));
        }
        long dueTicks = count(schedule, due, latest);
        boolean onTime = catchUp == CatchUp.ONE || Duration.between(latest, now).compareTo(grace) <= 0;
        List<Instant> ticks = onTime ? List.of(latest) : List.of();
        return new Plan(ticks, dueTicks - ticks.size(), after(schedule, latest, now));
    }

    /** The first tick after {@code t}; a schedule that never ticks again is parked far in the future. */
    private static Instant after(Schedule schedule, Instant t, Instant now) {
        Optional<Instant> next = schedule.nextAfter(t);
        return next.orElse(now.plus(Duration.ofDays(365 * 100)));
    }

    /** Ticks in [from, to], both ticks; exact for intervals, capped for cron. */
    private static long count(Schedule schedule, Instant from, Instant to) {
        if (schedule.kind() == Schedule.Kind.INTERVAL) {
            return Math.max(1, Duration.between(from, to).toMillis() / schedule.interval().toMillis() + 1);
        }
        long n = 1;
        Optional<Instant> t = schedule.nextAfter(from);
        while (t.isPresent() && !t.get().isAfter(to) && n < MAX_COUNTED) {
            n++;
            t = schedule.nextAfter(t.get());
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

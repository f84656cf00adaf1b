package dev.sluice.schedule;

import dev.sluice.SluiceException;
import dev.sluice.jdbc.Transactions;
import dev.sluice.queue.Enqueuer;
import dev.sluice.queue.InvalidMessageException;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.QueueAdmin;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.queue.UnknownQueueException;
import dev.sluice.schema.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Recurring messages: a schedule enqueues its payload into a queue at every tick of a cron
 * expression or a fixed interval.
 *
 * <pre>{@code
 * sluice.schedules().define("nightly-report", Schedule.cron("0 3 * * *", "Europe/Paris"), "reports", Map.of("kind", "daily"));
 * sluice.schedules().define("heartbeat", Schedule.every(Duration.ofMinutes(5)), "pings", null,
 *         ScheduleOptions.DEFAULTS.catchUp(CatchUp.SKIP));
 * }</pre>
 *
 * <p>Schedules live in the database ({@code <schema>.schedules}); every Sluice process with
 * {@code tickSchedules} on (the default) ticks all of them, and each tick is enqueued exactly once
 * however many processes run: the transaction that enqueues a tick also moves the schedule past it,
 * under the schedule's row lock, and the message carries the idempotency key
 * {@link #idempotencyKey(String, Instant)}. No leader is elected. Ticks are computed from the
 * database's clock, so processes with skewed clocks agree.
 *
 * <p>Defining is idempotent (call it at every start); see {@link #define(String, Schedule, String, Object, ScheduleOptions)}.
 */
public final class Schedules implements AutoCloseable {

    /** Longest schedule name. */
    public static final int MAX_NAME_LENGTH = 100;
    /** How many upcoming ticks {@link ScheduleInfo#nextTicks()} lists. */
    public static final int NEXT_TICKS = 5;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final String KEY_PREFIX = "sluice-schedule:";

    private final DataSource dataSource;
    private final QueueAdmin queues;
    private final int maxPayloadBytes;
    private final ScheduleSql sql;
    private final ScheduleTicker ticker;

    /**
     * @param tick whether this instance runs a ticker thread; without one, {@link #tickDue()} enqueues due ticks on demand
     */
    public Schedules(DataSource dataSource, String schema, Enqueuer enqueuer, QueueAdmin queues, int maxPayloadBytes, boolean tick) {
        this.dataSource = dataSource;
        this.queues = queues;
        this.maxPayloadBytes = maxPayloadBytes;
        this.sql = new ScheduleSql(schema);
        this.ticker = new ScheduleTicker(dataSource, sql, enqueuer, tick);
    }

    /** {@link #define(String, Schedule, String, Object, ScheduleOptions)} with {@link ScheduleOptions#DEFAULTS}. */
    public DefineResult define(String name, Schedule schedule, String queue, Object payload) {
        return define(name, schedule, queue, payload, ScheduleOptions.DEFAULTS);
    }

    /**
     * Creates or changes a schedule that enqueues {@code payload} (written as JSON by Jackson; null for
     * none) into {@code queue} at every tick. Safe to call from every process at every start: the
     * same definition changes nothing, and a schedule that was paused stays paused. A new timing takes
     * effect from its first tick after now; a tick that was already enqueued is never enqueued again.
     *
     * @throws InvalidScheduleException if the name or the options are invalid
     * @throws InvalidMessageException if the payload is not valid JSON or is too large
     * @throws UnknownQueueException if the queue does not exist
     */
    public DefineResult define(String name, Schedule schedule, String queue, Object payload, ScheduleOptions options) {
        return defineJson(name, schedule, queue, payload == null ? null : PayloadCodec.toJson(payload), options);
    }

    /** As {@link #define(String, Schedule, String, Object, ScheduleOptions)}, with the payload given as JSON text. */
    public DefineResult defineJson(String name, Schedule schedule, String queue, String payloadJson, ScheduleOptions options) {
        checkName(name);
        java.util.Objects.requireNonNull(schedule, "schedule");
        java.util.Objects.requireNonNull(options, "options");
        Identifiers.queueName(queue);
        checkPayload(payloadJson);
        queues.requireExists(queue);
        try {
            return Transactions.run(dataSource, "define schedule \"" + name + "\"", c -> {
                Instant now = databaseNow(c);
                Instant next = schedule.nextAfter(now).orElseThrow(
                        () -> new InvalidScheduleException("Schedule \"" + name + "\" (" + schedule + ") has no tick after " + now + "."));
                if (write(c, sql.defineInsert, name, schedule, queue, payloadJson, options, next) == 1) {
                    return DefineResult.CREATED;
                }
                return write(c, sql.defineUpdate, name, schedule, queue, payloadJson, options, next) == 1
                        ? DefineResult.UPDATED : DefineResult.UNCHANGED;
            });
        } catch (SluiceException e) {
            if (e.getCause() instanceof SQLException s && "23503".equals(s.getSQLState())) {
                throw new UnknownQueueException(queue); // dropped between the check and the insert
            }
            throw e;
        } finally {
            ticker.wake();
        }
    }

    private static int write(Connection c, String statement, String name, Schedule schedule, String queue, String payloadJson,
                             ScheduleOptions options, Instant next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, queue);
            ps.setString(2, StoredSchedule.kind(schedule));
            ps.setString(3, schedule.expression());
            ps.setString(4, schedule.zone().getId());
            ps.setObject(5, StoredSchedule.intervalMillis(schedule), Types.BIGINT);
            ps.setString(6, payloadJson);
            ps.setShort(7, (short) options.priority());
            ps.setString(8, options.catchUp().text());
            ps.setLong(9, options.grace().toMillis());
            ps.setObject(10, next.atOffset(ZoneOffset.UTC));
            ps.setString(11, name);
            return ps.executeUpdate();
        }
    }

    private void checkPayload(String json) {
        if (json == null) {
            return;
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > maxPayloadBytes) {
            throw new InvalidMessageException("The schedule's payload is larger than maxPayloadBytes (" + maxPayloadBytes + " bytes).");
        }
        if (PayloadCodec.hasNul(json)) { // raw, or as a JSON escape: jsonb refuses both
            throw new InvalidMessageException("The schedule's payload contains a NUL character, which PostgreSQL cannot store.");
        }
        PayloadCodec.requireValidJson(json);
    }

    /** Checks a schedule name: 1 to 100 letters, digits, '_', '.', '-', starting with a letter or digit. Returns it. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            String shown = name == null ? "null" : "\"" + (name.length() > 80 ? name.substring(0, 80) + "..." : name).replaceAll("\\p{Cntrl}", "?") + "\"";
            throw new InvalidScheduleException("The schedule name " + shown + " is not allowed. Use 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, '_', '.' or '-', starting with a letter or digit (e.g. \"nightly-report\").");
        }
        return name;
    }

    /** The schedule and its state. @throws UnknownScheduleException if there is none of that name */
    public ScheduleInfo get(String name) {
        return find(name).orElseThrow(() -> new UnknownScheduleException(name));
    }

    /** The schedule and its state, if defined. */
    public Optional<ScheduleInfo> find(String name) {
        checkName(name);
        return read(name).stream().findFirst();
    }

    /** Every schedule, by name. */
    public List<ScheduleInfo> list() {
        return read(null);
    }

    private List<ScheduleInfo> read(String name) {
        return Transactions.run(dataSource, name == null ? "list schedules" : "read schedule \"" + name + "\"", c -> {
            List<ScheduleInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.list)) {
                ps.setString(1, name);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(info(rs));
                    }
                }
            }
            return out;
        });
    }

    private static ScheduleInfo info(ResultSet rs) throws SQLException {
        Schedule schedule = StoredSchedule.read(rs, 3);
        boolean paused = rs.getBoolean(11);
        Instant next = instant(rs, 12);
        return new ScheduleInfo(rs.getString(1), rs.getString(2), schedule.describe(), rs.getString(3), rs.getString(4), rs.getString(5),
                StoredSchedule.intervalMillis(schedule), rs.getString(7), rs.getShort(8),
                CatchUp.parse(rs.getString(9)), rs.getLong(10), paused, next,
                paused ? List.of() : schedule.ticksFrom(next, NEXT_TICKS), instant(rs, 13), (Long) rs.getObject(14),
                instant(rs, 15), rs.getLong(16), rs.getLong(17), instant(rs, 18), instant(rs, 19));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Instant databaseNow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT now()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    /** Stops ticking the schedule until {@link #resume}; its state is kept. */
    public void pause(String name) {
        setPaused(name, true);
    }

    /** Ticks the schedule again from its first tick after now; ticks that fell during the pause are not caught up. */
    public void resume(String name) {
        setPaused(name, false);
    }

    private void setPaused(String name, boolean paused) {
        checkName(name);
        Transactions.run(dataSource, (paused ? "pause" : "resume") + " schedule \"" + name + "\"", c -> {
            Instant next = null;
            try (PreparedStatement ps = c.prepareStatement(sql.lock)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new UnknownScheduleException(name);
                    }
                    if (!paused && rs.getBoolean(5)) {
                        Instant now = rs.getObject(7, OffsetDateTime.class).toInstant();
                        next = StoredSchedule.read(rs, 1).nextAfter(now).orElse(null);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.setPaused)) {
                ps.setBoolean(1, paused);
                ps.setObject(2, next == null ? null : next.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setString(3, name);
                ps.executeUpdate();
            }
            return null;
        });
        ticker.wake();
    }

    /** Removes the schedule; true if it existed. Messages it already enqueued stay. */
    public boolean remove(String name) {
        checkName(name);
        return Transactions.run(dataSource, "remove schedule \"" + name + "\"", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.remove)) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Enqueues every tick that is due now, in the calling thread, and returns how many messages it
     * enqueued. The ticker thread does this on its own; call it where {@code tickSchedules} is off.
     */
    public int tickDue() {
        return ticker.tickDue();
    }

    /** The idempotency key of a schedule's message for one tick: {@code sluice-schedule:<name>:<tick>}. */
    public static String idempotencyKey(String name, Instant tick) {
        return KEY_PREFIX + name + ':' + tick;
    }

    /** The tick a message was enqueued for, when a schedule enqueued it. */
    public static Optional<Instant> tickOf(ReceivedMessage message) {
        String key = message.idempotencyKey();
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        try {
            // Names have no ':', the tick (ISO-8601) does: it is everything after the name.
            int end = key.indexOf(':', KEY_PREFIX.length());
            return end < 0 ? Optional.empty() : Optional.of(Instant.parse(key.substring(end + 1)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Stops this instance's ticker thread. */
    @Override
    public void close() {
        ticker.close();
    }
}

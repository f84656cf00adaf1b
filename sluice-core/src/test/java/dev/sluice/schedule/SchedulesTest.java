package dev.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.InvalidMessageException;
import dev.sluice.queue.QueueTable;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.queue.UnknownQueueException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Defining, pausing and catching up schedules on a real PostgreSQL. Catch-up tests tick by hand
 * ({@code tickSchedules(false)}) after moving a schedule's next tick into the past, as downtime would.
 */
class SchedulesTest extends SluiceTestSupport {

    private Sluice manual;

    @BeforeEach
    void manualTicking() {
        sluice.close(); // its ticker would race the hand-made passes below
        manual = newSluice(b -> b.tickSchedules(false));
        manual.queues().create("reports");
    }

    private List<String> keys(String queue) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT idempotency_key FROM " + new QueueTable(schema, queue).table() + " ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private void setNextRunAt(String name, String sqlTime) throws Exception {
        execute("UPDATE " + schema + ".schedules SET next_run_at = " + sqlTime + " WHERE name = '" + name + "'");
    }

    @Test
    void defineIsIdempotentAndOnlyANewTimingMovesTheNextTick() throws Exception {
        Schedule nightly = Schedule.cron("0 3 * * *", "Europe/Paris");
        assertThat(manual.schedules().define("nightly-report", nightly, "reports", Map.of("kind", "daily"))).isEqualTo(DefineResult.CREATED);
        assertThat(manual.schedules().define("nightly-report", nightly, "reports", Map.of("kind", "daily"))).isEqualTo(DefineResult.UNCHANGED);
        ScheduleInfo info = manual.schedules().get("nightly-report");
        assertThat(info.queue()).isEqualTo("reports");
        assertThat(info.schedule()).isEqualTo("cron \"0 3 * * *\" Europe/Paris");
        assertThat(info.catchUp()).isEqualTo(CatchUp.ONE);
        assertThat(info.payload()).isEqualTo("{\"kind\": \"daily\"}");
        assertThat(info.nextTicks()).hasSize(Schedules.NEXT_TICKS).first().isEqualTo(info.nextRunAt());
        assertThat(info.nextRunAt()).isAfter(Instant.now()).isEqualTo(nightly.nextAfter(Instant.now()).orElseThrow());
        assertThat(info.lastTickAt()).isNull();

        setNextRunAt("nightly-report", "'2030-01-01T02:00:00Z'");
        assertThat(manual.schedules().define("nightly-report", nightly, "reports", Map.of("kind", "weekly"), ScheduleOptions.DEFAULTS.priority(-3)))
                .isEqualTo(DefineResult.UPDATED);
        ScheduleInfo changed = manual.schedules().get("nightly-report");
        assertThat(changed.payload()).contains("weekly");
        assertThat(changed.priority()).isEqualTo(-3);
        assertThat(changed.nextRunAt()).as("same timing: next tick kept").isEqualTo(Instant.parse("2030-01-01T02:00:00Z"));

        manual.schedules().define("nightly-report", Schedule.cron("0 4 * * *", "Europe/Paris"), "reports", Map.of("kind", "weekly"),
                ScheduleOptions.DEFAULTS.priority(-3));
        assertThat(manual.schedules().get("nightly-report").nextRunAt()).as("new timing: first new tick after now")
                .isEqualTo(Schedule.cron("0 4 * * *", "Europe/Paris").nextAfter(Instant.now()).orElseThrow());
        assertThat(manual.schedules().list()).extracting(ScheduleInfo::name).containsExactly("nightly-report");
        assertThat(manual.schedules().remove("nightly-report")).isTrue();
        assertThat(manual.schedules().remove("nightly-report")).isFalse();
        assertThatThrownBy(() -> manual.schedules().get("nightly-report")).isInstanceOf(UnknownScheduleException.class)
                .hasMessageContaining("is not defined");
    }

    @Test
    void badDefinitionsAreRefusedWithAClearErrorAndWriteNothing() {
        assertThatThrownBy(() -> manual.schedules().define("bad", Schedule.cron("0 25 * * *"), "reports", null))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("\"0 25 * * *\" is not valid");
        assertThatThrownBy(() -> manual.schedules().define("x", Schedule.every(Duration.ofMinutes(1)), "nope", null))
                .isInstanceOf(UnknownQueueException.class);
        assertThatThrownBy(() -> manual.schedules().define("has space", Schedule.every(Duration.ofMinutes(1)), "reports", null))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("is not allowed");
        assertThatThrownBy(() -> manual.schedules().defineJson("x", Schedule.every(Duration.ofMinutes(1)), "reports", "{oops", ScheduleOptions.DEFAULTS))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ScheduleOptions.DEFAULTS.grace(Duration.ofDays(2))).isInstanceOf(InvalidScheduleException.class);
        assertThatThrownBy(() -> manual.schedules().pause("missing")).isInstanceOf(UnknownScheduleException.class);
        assertThat(manual.schedules().list()).isEmpty();
    }

    @Test
    void catchUpSkipEnqueuesNothingForTicksMissedDuringDowntime() throws Exception {
        manual.schedules().define("yearly", Schedule.cron("0 0 1 1 *"), "reports", "y", ScheduleOptions.DEFAULTS.catchUp(CatchUp.SKIP));
        setNextRunAt("yearly", "'2022-01-01T00:00:00Z'");
        assertThat(manual.schedules().tickDue()).isZero();
        ScheduleInfo info = manual.schedules().get("yearly");
        int year = Year.now(ZoneOffset.UTC).getValue();
        assertThat(info.skippedTicks()).isEqualTo(year - 2022 + 1);
        assertThat(info.nextRunAt()).isEqualTo(Instant.parse((year + 1) + "-01-01T00:00:00Z"));
        assertThat(keys("reports")).isEmpty();
        assertThat(manual.schedules().tickDue()).as("nothing due any more").isZero();
    }

    @Test
    void catchUpSkipStillEnqueuesATickFoundWithinTheGrace() throws Exception {
        manual.schedules().define("hourly", Schedule.every(Duration.ofHours(1)), "reports", null,
                ScheduleOptions.DEFAULTS.catchUp(CatchUp.SKIP).grace(Duration.ofHours(2)));
        setNextRunAt("hourly", "next_run_at - interval '5 hours'");
        assertThat(manual.schedules().tickDue()).isEqualTo(1);
        ScheduleInfo info = manual.schedules().get("hourly");
        assertThat(info.skippedTicks()).isGreaterThanOrEqualTo(4);
        assertThat(keys("reports")).containsExactly(Schedules.idempotencyKey("hourly", info.lastTickAt()));
        assertThat(info.lastTickAt()).isEqualTo(Schedule.every(Duration.ofHours(1)).latestAtOrBefore(Instant.now()).orElseThrow());
    }

    @Test
    void catchUpOneEnqueuesOneMessageForTheLatestMissedTick() throws Exception {
        manual.schedules().define("yearly", Schedule.cron("0 0 1 1 *"), "reports", "y");
        setNextRunAt("yearly", "'2022-01-01T00:00:00Z'");
        assertThat(manual.schedules().tickDue()).isEqualTo(1);
        int year = Year.now(ZoneOffset.UTC).getValue();
        Instant latest = Instant.parse(year + "-01-01T00:00:00Z");
        assertThat(keys("reports")).containsExactly(Schedules.idempotencyKey("yearly", latest));
        ScheduleInfo info = manual.schedules().get("yearly");
        assertThat(info.lastTickAt()).isEqualTo(latest);
        assertThat(info.lastMessageId()).isNotNull();
        assertThat(info.lastEnqueuedAt()).isNotNull();
        assertThat(info.enqueuedTicks()).isEqualTo(1);
        assertThat(info.skippedTicks()).isEqualTo(year - 2022);
    }

    @Test
    void catchUpAllEnqueuesEveryMissedTickOnce() throws Exception {
        manual.schedules().define("yearly", Schedule.cron("0 0 1 1 *"), "reports", "y", ScheduleOptions.DEFAULTS.catchUp(CatchUp.ALL));
        setNextRunAt("yearly", "'2022-01-01T00:00:00Z'");
        int year = Year.now(ZoneOffset.UTC).getValue();
        assertThat(manual.schedules().tickDue()).isEqualTo(year - 2022 + 1);
        List<String> expected = new ArrayList<>();
        for (int y = 2022; y <= year; y++) {
            expected.add(Schedules.idempotencyKey("yearly", Instant.parse(y + "-01-01T00:00:00Z")));
        }
        assertThat(keys("reports")).containsExactlyElementsOf(expected);
        // The same ticks due again (a schedule moved back by hand): the idempotency keys hold.
        setNextRunAt("yearly", "'2022-01-01T00:00:00Z'");
        assertThat(manual.schedules().tickDue()).isZero();
        assertThat(keys("reports")).hasSize(expected.size());
    }

    @Test
    void aScheduleThatCannotEnqueueIsRetriedAndDoesNotHoldUpTheOthers() throws Exception {
        manual.schedules().define("big", Schedule.every(Duration.ofHours(1)), "reports", Map.of("text", "x".repeat(100)));
        manual.schedules().define("small", Schedule.every(Duration.ofHours(1)), "reports", 1);
        setNextRunAt("big", "next_run_at - interval '1 hour'");
        setNextRunAt("small", "next_run_at - interval '1 hour'");
        Instant due = manual.schedules().get("big").nextRunAt();
        // A process whose payload limit the big schedule no longer fits: its enqueue fails, and rolls back alone.
        Sluice strict = newSluice(b -> b.tickSchedules(false).maxPayloadBytes(50));
        assertThat(strict.schedules().tickDue()).isEqualTo(1);
        assertThat(keys("reports")).hasSize(1).allMatch(k -> k.startsWith("sluice-schedule:small:"));
        assertThat(manual.schedules().get("big").nextRunAt()).as("still due").isEqualTo(due);
        assertThat(manual.schedules().tickDue()).as("a process that can enqueue it does").isEqualTo(1);
        assertThat(keys("reports")).hasSize(2);
        assertThat(manual.schedules().get("big").lastTickAt()).isEqualTo(due);
    }

    @Test
    void pausedSchedulesDoNotTickAndResumeStartsAtTheNextTick() throws Exception {
        manual.schedules().define("hourly", Schedule.every(Duration.ofHours(1)), "reports", null);
        manual.schedules().pause("hourly");
        setNextRunAt("hourly", "now() - interval '3 hours'");
        assertThat(manual.schedules().tickDue()).isZero();
        ScheduleInfo paused = manual.schedules().get("hourly");
        assertThat(paused.paused()).isTrue();
        assertThat(paused.nextTicks()).isEmpty();
        manual.schedules().define("hourly", Schedule.every(Duration.ofHours(1)), "reports", null);
        assertThat(manual.schedules().get("hourly").paused()).as("define keeps the pause").isTrue();
        manual.schedules().resume("hourly");
        assertThat(manual.schedules().tickDue()).as("ticks during the pause are not caught up").isZero();
        ScheduleInfo resumed = manual.schedules().get("hourly");
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextRunAt()).isAfter(Instant.now());
        assertThat(keys("reports")).isEmpty();
    }

    @Test
    void theTickerThreadEnqueuesTicksThatWorkersReceiveWithTheirTick() throws Exception {
        Sluice ticking = newSluice(b -> { });
        List<Instant> ticks = new CopyOnWriteArrayList<>();
        ticking.startWorkers("reports", batch -> {
            for (ReceivedMessage m : batch.messages()) {
                ticks.add(Schedules.tickOf(m).orElseThrow());
            }
        });
        ticking.schedules().define("every-second", Schedule.every(Duration.ofSeconds(1)), "reports", Map.of("ping", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 2);
        assertThat(ticks.get(1)).isEqualTo(ticks.get(0).plusSeconds(1));
        assertThat(ticks.get(0).getNano()).isZero();
    }
}

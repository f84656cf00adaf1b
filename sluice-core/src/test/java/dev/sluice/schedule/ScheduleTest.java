package dev.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tick arithmetic, cron parsing and the catch-up decision, without a database. */
class ScheduleTest {

    private static final Instant T = Instant.parse("2026-03-10T12:34:56.789Z");

    @Test
    void intervalsTickOnMultiplesOfTheIntervalSinceTheEpoch() {
        Schedule every5m = Schedule.every(Duration.ofMinutes(5));
        assertThat(every5m.nextAfter(T)).contains(Instant.parse("2026-03-10T12:35:00Z"));
        assertThat(every5m.latestAtOrBefore(T)).contains(Instant.parse("2026-03-10T12:30:00Z"));
        Instant onTick = Instant.parse("2026-03-10T12:30:00Z");
        assertThat(every5m.nextAfter(onTick)).contains(Instant.parse("2026-03-10T12:35:00Z"));
        assertThat(every5m.latestAtOrBefore(onTick)).contains(onTick);
        assertThat(every5m.ticksFrom(onTick, 3)).containsExactly(onTick, onTick.plusSeconds(300), onTick.plusSeconds(600));
    }

    @Test
    void cronTicksInItsZoneAcrossDaylightSavingTime() {
        Schedule nightly = Schedule.cron("0 3 * * *", "Europe/Paris");
        // 2026-03-29 is the spring-forward day in Paris: 03:00 local is 01:00Z, the day before 02:00Z.
        assertThat(nightly.ticksFrom(Instant.parse("2026-03-27T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-28T02:00:00Z"), Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T01:00:00Z"));
        Instant tick = Instant.parse("2026-03-28T02:00:00Z");
        assertThat(nightly.latestAtOrBefore(tick)).contains(tick);
        assertThat(nightly.latestAtOrBefore(tick.minusMillis(1))).contains(Instant.parse("2026-03-27T02:00:00Z"));
        assertThat(nightly.nextAfter(tick)).contains(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void sixFieldsHaveSecondsAndMacrosWork() {
        assertThat(Schedule.cron("*/10 * * * * *").nextAfter(T)).contains(Instant.parse("2026-03-10T12:35:00Z"));
        assertThat(Schedule.cron("@hourly").nextAfter(T)).contains(Instant.parse("2026-03-10T13:00:00Z"));
        assertThat(Schedule.cron("@daily")).isEqualTo(Schedule.cron("@daily"));
        assertThat(Schedule.cron("  0   3 * * *", ZoneId.of("UTC")).expression()).isEqualTo("0 3 * * *");
    }

    @Test
    void badCronExpressionsFailWithAMessageThatSaysWhatToWrite() {
        assertThatThrownBy(() -> Schedule.cron("61 * * * *")).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("\"61 * * * *\" is not valid").hasMessageContaining("five fields");
        assertThatThrownBy(() -> Schedule.cron("every day")).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("has 2 field(s)");
        assertThatThrownBy(() -> Schedule.cron("")).isInstanceOf(InvalidScheduleException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Schedule.cron("0 0 30 2 *")).isInstanceOf(InvalidScheduleException.class).hasMessageContaining("never fires");
        assertThatThrownBy(() -> Schedule.cron("0 3 * * *", "Mars/Olympus")).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("Unknown time zone \"Mars/Olympus\"");
        assertThatThrownBy(() -> Schedule.every(Duration.ofMillis(10))).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("between PT1S and");
    }

    @Test
    void skipDropsMissedTicksButEnqueuesOneFoundWithinTheGrace() {
        Schedule hourly = Schedule.every(Duration.ofHours(1));
        Instant due = Instant.parse("2026-03-10T08:00:00Z");
        ScheduleTicker.Plan late = ScheduleTicker.plan(hourly, CatchUp.SKIP, Duration.ofMinutes(1), due, T);
        assertThat(late.ticks()).isEmpty();
        assertThat(late.skipped()).isEqualTo(5); // 08, 09, 10, 11, 12
        assertThat(late.next()).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
        ScheduleTicker.Plan onTime = ScheduleTicker.plan(hourly, CatchUp.SKIP, Duration.ofMinutes(1), Instant.parse("2026-03-10T12:00:00Z"),
                Instant.parse("2026-03-10T12:00:00.300Z"));
        assertThat(onTime.ticks()).containsExactly(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(onTime.skipped()).isZero();
    }

    @Test
    void oneEnqueuesTheLatestMissedTickAndAllEnqueuesEveryOne() {
        Schedule hourly = Schedule.every(Duration.ofHours(1));
        Instant due = Instant.parse("2026-03-10T08:00:00Z");
        ScheduleTicker.Plan one = ScheduleTicker.plan(hourly, CatchUp.ONE, Duration.ZERO, due, T);
        assertThat(one.ticks()).containsExactly(Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(one.skipped()).isEqualTo(4);
        ScheduleTicker.Plan all = ScheduleTicker.plan(hourly, CatchUp.ALL, Duration.ZERO, due, T);
        assertThat(all.ticks()).hasSize(5).first().isEqualTo(due);
        assertThat(all.next()).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
    }

    @Test
    void allCatchesUpAtMostAThousandTicksPerPass() {
        Schedule everySecond = Schedule.every(Duration.ofSeconds(1));
        Instant due = T.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ScheduleTicker.Plan all = ScheduleTicker.plan(everySecond, CatchUp.ALL, Duration.ZERO, due, T);
        List<Instant> ticks = all.ticks();
        assertThat(ticks).hasSize(CatchUp.MAX_TICKS_PER_PASS);
        assertThat(all.next()).isEqualTo(due.plusSeconds(CatchUp.MAX_TICKS_PER_PASS));
    }
}

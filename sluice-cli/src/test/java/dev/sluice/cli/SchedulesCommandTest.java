package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice schedules}: define, list with next ticks, pause, resume, remove, and clear errors. */
class SchedulesCommandTest {

    private String schema;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void freshSchema() {
        schema = TestDatabase.freshSchemaName("t_cli_sched");
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--jdbc-url", TestDatabase.jdbcUrl(), "--schema", schema));
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void defineListPauseResumeRemove() {
        assertThat(run("queues", "create", "reports").exitCode()).isZero();
        Run define = run("schedules", "define", "nightly-report", "--queue", "reports", "--cron", "0 3 * * *", "--zone", "Europe/Paris",
                "--payload", "{\"kind\":\"daily\"}", "--catch-up", "skip");
        assertThat(define.exitCode()).as(define.err()).isZero();
        assertThat(define.out()).contains("created schedule nightly-report: cron \"0 3 * * *\" Europe/Paris into reports, next ticks ");
        assertThat(run("schedules", "define", "nightly-report", "--queue", "reports", "--cron", "0 3 * * *", "--zone", "Europe/Paris",
                "--payload", "{\"kind\":\"daily\"}", "--catch-up", "skip").out()).startsWith("unchanged schedule nightly-report");
        assertThat(run("schedules", "define", "heartbeat", "--queue", "reports", "--every", "5m").exitCode()).isZero();

        Run list = run("schedules");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("nightly-report\\s+reports\\s+cron \"0 3 \\* \\* \\*\" Europe/Paris catch-up skip\\s+active\\s+20\\d\\d-\\d\\d-\\d\\dT0[12]:00:00Z\\s+never")
                .containsPattern("heartbeat\\s+reports\\s+every PT5M\\s+active");
        assertThat(list.out().lines().filter(l -> l.matches("\\s+20\\d\\d-.*Z")).count()).as("two more next ticks per schedule").isEqualTo(4);

        assertThat(run("schedules", "pause", "heartbeat").out()).contains("paused schedule heartbeat");
        assertThat(run("schedules").out()).containsPattern("heartbeat\\s+reports\\s+every PT5M\\s+paused\\s+-");
        assertThat(run("schedules", "resume", "heartbeat").out()).contains("resumed schedule heartbeat");
        Run json = run("schedules", "--json");
        assertThat(json.out()).contains("\"name\":\"heartbeat\"").contains("\"paused\":false").contains("\"payload\":{\"kind\": \"daily\"}").contains("\"zone\":\"UTC\"");

        assertThat(run("schedules", "remove", "heartbeat").out()).contains("removed schedule heartbeat");
        Run missing = run("schedules", "remove", "heartbeat");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Schedule \"heartbeat\" is not defined");
    }

    @Test
    void badInputGetsOneClearLine() {
        run("queues", "create", "reports");
        Run badCron = run("schedules", "define", "x", "--queue", "reports", "--cron", "0 25 * * *");
        assertThat(badCron.exitCode()).isEqualTo(1);
        assertThat(badCron.err()).contains("sluice: The cron expression \"0 25 * * *\" is not valid");
        Run both = run("schedules", "define", "x", "--queue", "reports", "--cron", "@daily", "--every", "5m");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        Run catchUp = run("schedules", "define", "x", "--queue", "reports", "--every", "5m", "--catch-up", "sometimes");
        assertThat(catchUp.err()).contains("Catch-up policy must be one of skip, one, all");
        Run noQueue = run("schedules", "define", "x", "--queue", "nope", "--every", "5m");
        assertThat(noQueue.err()).contains("Queue \"nope\" does not exist");
        assertThat(run("schedules").out()).contains("(no schedules;");
    }
}

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

/** {@code sluice queues limits}: show, set, replace, clear, and clear errors. */
class QueueLimitsCommandTest {

    private String schema;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void freshSchema() {
        schema = TestDatabase.freshSchemaName("t_cli_limits");
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
    void showSetReplaceAndClear() {
        assertThat(run("queues", "create", "calls").exitCode()).isZero();
        assertThat(run("queues", "limits", "calls").out()).contains("queue calls: no limits");
        Run set = run("queues", "limits", "calls", "--max-concurrent-batches", "2", "--rate", "1000");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("set limits of queue calls: at most 2 batches at once (0 running now), at most 1000/s (burst 50)");
        assertThat(run("queues", "limits", "calls", "--rate", "12.5", "--burst", "3").out())
                .contains("set limits of queue calls: at most 12.5/s (burst 3)");
        assertThat(run("queues", "limits", "calls", "--clear").out()).contains("set limits of queue calls: no limits");
    }

    @Test
    void badInputGetsOneClearLine() {
        run("queues", "create", "calls");
        Run zero = run("queues", "limits", "calls", "--max-concurrent-batches", "0");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err()).contains("sluice: maxConcurrentBatches must be between 1 and 10000");
        Run burstAlone = run("queues", "limits", "calls", "--burst", "5");
        assertThat(burstAlone.err()).contains("rateBurst needs a rateLimit");
        Run both = run("queues", "limits", "calls", "--clear", "--rate", "5");
        assertThat(both.err()).contains("--clear removes every limit");
        Run missing = run("queues", "limits", "nope", "--rate", "5");
        assertThat(missing.err()).contains("Queue \"nope\" does not exist");
    }
}

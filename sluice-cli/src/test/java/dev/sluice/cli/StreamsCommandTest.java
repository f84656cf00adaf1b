package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import dev.sluice.streams.StreamRecord;
import dev.sluice.streams.Streams;
import dev.sluice.streams.StreamsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice streams}: create, list, stats, subscribe, reset, unsubscribe, and clear errors. */
class StreamsCommandTest {

    private String schema;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void freshSchema() {
        schema = TestDatabase.freshSchemaName("t_cli_streams");
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

    private void append(String stream, int n) {
        try (Sluice sluice = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).migrate(false).build());
             Streams streams = Streams.start(sluice, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO))) {
            List<StreamRecord> records = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                records.add(StreamRecord.of("k" + (i % 2), Map.of("n", i)));
            }
            streams.append(stream, records);
        }
    }

    @Test
    void createListSubscribeStatsResetUnsubscribe() {
        Run none = run("streams"); // before any migration: a clear error that says what to run
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("has no Sluice tables").contains("sluice migrate");
        assertThat(run("migrate").exitCode()).isZero(); // applies the streams migrations too (issue 12)
        Run empty = run("streams");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).doesNotContain("orders");

        Run create = run("streams", "create", "orders", "--partition", "1h", "--retention", "48h");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).contains("created stream orders");
        assertThat(run("streams", "create", "orders", "--retention", "forever").out()).contains("stream orders exists; retention updated");
        assertThat(run("streams", "subscribe", "orders", "audit").out()).contains("created subscription audit of orders");
        assertThat(run("streams", "subscribe", "orders", "audit", "--from", "latest").out()).contains("exists; its position is kept");
        append("orders", 5);
        assertThat(run("streams", "subscribe", "orders", "late", "--from", "latest").exitCode()).isZero();

        Run list = run("streams");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("orders\\s+5\\s+5\\s+\\d+\\s+[\\d.]+\\s+2\\s+5\\s");
        assertThat(run("streams", "--json").out()).contains("\"stream\":\"orders\"").contains("\"events\":5");

        Run stats = run("streams", "stats", "orders");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("stream orders: 5 events").containsPattern("audit\\s+0/0\\s+0\\s+5\\s").containsPattern("late\\s+\\d+/0\\s+0\\s+0\\s");

        Run reset = run("streams", "reset", "orders", "audit", "--to", "latest");
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).containsPattern("subscription audit of orders is now at \\d+/0");
        assertThat(run("streams", "stats", "orders").out()).containsPattern("audit\\s+\\d+/0\\s+0\\s+0\\s");
        assertThat(run("streams", "reset", "orders", "audit", "--to", "2000-01-01T00:00:00Z").exitCode()).isZero();
        assertThat(run("streams", "stats", "orders").out()).containsPattern("audit\\s+\\d+/\\d+\\s+0\\s+5\\s");

        assertThat(run("streams", "unsubscribe", "orders", "late").out()).contains("deleted subscription late of orders");
        assertThat(run("streams", "stats", "orders", "--json").out()).doesNotContain("\"late\"").contains("\"audit\"");
    }

    @Test
    void badInputGetsOneClearLineAndNothingIsCreated() throws Exception {
        Run typo = run("streams");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).startsWith("sluice: Schema \"" + schema + "\" has no Sluice tables");
        assertThat(CliTest.schemaExists(schema)).isFalse();

        run("migrate");
        run("streams", "create", "orders");
        Run ghost = run("streams", "stats", "ghost");
        assertThat(ghost.exitCode()).isEqualTo(1);
        assertThat(ghost.err()).contains("Stream \"ghost\" does not exist").contains("sluice streams create ghost").doesNotContain("streams.create(");
        Run noSub = run("streams", "reset", "orders", "nobody", "--to", "earliest");
        assertThat(noSub.exitCode()).isEqualTo(1);
        assertThat(noSub.err()).contains("Subscription \"nobody\" of stream \"orders\" does not exist").contains("sluice streams subscribe orders nobody");
        assertThat(run("streams", "unsubscribe", "orders", "nobody").exitCode()).isEqualTo(1);
        Run badStart = run("streams", "subscribe", "orders", "s", "--from", "yesterday");
        assertThat(badStart.exitCode()).isEqualTo(1);
        assertThat(badStart.err()).contains("earliest, latest, an ISO-8601 time").contains("\"yesterday\"");
        assertThat(run("streams", "subscribe", "orders", "s", "--from", "event:abc").err()).contains("event:ID needs a whole number");
        assertThat(run("streams", "subscribe", "orders", "s", "--from", "event:99999").err()).contains("has no event 99999");
        assertThat(run("streams", "subscribe", "orders", "s", "--from", "position:1/x").err()).contains("position:TXID/ID");
        assertThat(run("streams", "create", "Bad-Name").err()).contains("Bad-Name");
        assertThat(run("streams", "create", "other", "--retention", "soon").exitCode()).isNotZero();
        assertThat(run("streams", "reset", "orders", "s").err()).contains("--to");
        assertThat(run("streams", "stats", "orders").out()).contains("(no subscriptions");
        for (String[] help : List.of(new String[] {"streams", "--help"}, new String[] {"streams", "reset", "--help"},
                new String[] {"streams", "subscribe", "--help"}, new String[] {"streams", "create", "--help"})) {
            assertThat(run(help).out()).contains("Usage:");
        }
        CommandLine cli = Main.commandLine();
        StringWriter benchHelp = new StringWriter();
        cli.setOut(new PrintWriter(benchHelp, true));
        assertThat(cli.execute("bench", "streams", "--help")).isZero();
        assertThat(benchHelp.toString()).contains("Usage: sluice bench streams").contains("--catch-up-events").contains("--kafka auto|on|off");
    }
}

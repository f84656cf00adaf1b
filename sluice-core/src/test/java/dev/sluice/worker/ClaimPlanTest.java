package dev.sluice.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.SluiceTestSupport;
import dev.sluice.queue.Message;
import dev.sluice.queue.QueueOptions;
import dev.sluice.queue.QueueStatements;
import dev.sluice.queue.QueueTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The claim runs as a forced generic plan, cached per connection. Its plan must fetch the claimed
 * rows the same way whatever size each slot had when the plan was made: a plan cached while the
 * slots were empty, run after one has filled up, must still read only what it claims (the queue
 * collapsed under a steady producer when an empty slot's plan read the whole slot on every claim).
 */
class ClaimPlanTest extends SluiceTestSupport {

    private static final Pattern BUFFERS = Pattern.compile("shared hit=(\\d+)(?: read=(\\d+))?");

    @Test
    void cachedGenericPlanUsesTidScansAndSeqIndexConditionsForEverySlotWhateverItsSizeWhenPlanned() throws Exception {
        sluice.queues().create("jobs", new QueueOptions(4, Duration.ofSeconds(1)));
        String claim = new QueueStatements().get(Claimer.class, "claim.sql", new QueueTable(schema, "jobs"));
        int n = 0;
        StringBuilder numbered = new StringBuilder();
        for (char ch : claim.toCharArray()) {
            numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("SET enable_seqscan = off");
            s.execute("PREPARE claim_p(int[], bigint[], int[], bigint[], int, int) AS " + numbered);
            String everything = "('{-32769}', '{0}', '{32768}', '{0}', 150, 150)";
            c.setAutoCommit(false);
            s.execute("EXECUTE claim_p" + everything); // planned and cached while every slot is empty
            c.rollback();

            List<Message> many = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) {
                many.add(Message.of(Map.of("i", i)));
            }
            sluice.enqueueBatch("jobs", many); // one slot fills up
            execute("ANALYZE " + schema + ".q_jobs");

            String plan = explain(s, "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim_p" + everything);
            c.rollback();
            assertThat(plan).doesNotContain("Seq Scan").doesNotContain("Bitmap");
            assertThat(count(plan, "Tid Scan on q_jobs_")).as("the delete fetches claimed rows by tuple id in every slot\n" + plan)
                    .isEqualTo(4);
            for (String line : plan.split("\n")) {
                if (line.contains("Index Cond") && line.contains("priority")) {
                    assertThat(line).as("claim index conditions bound seq too").contains("seq");
                }
            }
            assertThat(plan).contains("rows=150");
            long buffers = buffers(plan);
            assertThat(buffers).as("buffers read to claim 150 of 30,000 rows\n" + plan).isLessThan(3_000);

            // A resumed claim as ClaimCursor builds it (a position at priority 0 near the end) reads only
            // near its position: the ranges of unseen levels around it stop at once.
            long position = queryLong("SELECT max(seq) - 100 FROM " + schema + ".q_jobs");
            ClaimCursor cursor = new ClaimCursor(Long.MAX_VALUE);
            cursor.claimed(0, position);
            ClaimCursor.Ranges r = cursor.resume(0);
            String resumed = "('" + ints(r.lowPriorities()) + "', '" + longs(r.lowSeqs()) + "', '" + ints(r.highPriorities())
                    + "', '" + longs(r.highSeqs()) + "', 150, 150)";
            String resumedPlan = explain(s, "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim_p" + resumed);
            c.rollback();
            assertThat(resumedPlan).contains("rows=100");
            assertThat(buffers(resumedPlan)).as("buffers read by a resumed claim\n" + resumedPlan).isLessThan(600);
        }
    }

    /**
     * The claim's generic plan estimates grow with the queue: past jit_above_cost, PostgreSQL (15,
     * jit on by default) compiled the claim on every run, 160 ms against 1 ms of work. The claim
     * turns JIT off for itself. Needs a server built with JIT (Debian's is; the embedded one is not).
     */
    @Test
    void theClaimIsNeverJitCompiled() throws Exception {
        sluice.queues().create("jobs");
        QueueTable table = new QueueTable(schema, "jobs");
        String full = new Claimer(table, new QueueStatements()).sql();
        String prelude = full.substring(0, full.indexOf("-- Claim and remove"));
        String claim = new QueueStatements().get(Claimer.class, "claim.sql", table);
        int n = 0;
        StringBuilder numbered = new StringBuilder();
        for (char ch : claim.toCharArray()) {
            numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
        }
        sluice.enqueueBatch("jobs", List.of(Message.of(Map.of("i", 1))));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_jit_available()")) {
                rs.next();
                Assumptions.assumeTrue(rs.getBoolean(1), "this PostgreSQL has no JIT provider; nothing to check");
            }
            s.execute("SET jit_above_cost = 0"); // every plan qualifies, as a large queue's does
            s.execute("PREPARE claim_j(int[], bigint[], int[], bigint[], int, int) AS " + numbered);
            c.setAutoCommit(false);
            s.execute(prelude);
            String plan = explain(s, "EXPLAIN (ANALYZE) EXECUTE claim_j('{-32769}', '{0}', '{32768}', '{0}', 150, 150)");
            c.rollback();
            assertThat(plan).contains("rows=1").doesNotContain("JIT:");
        }
    }

    private static long buffers(String plan) {
        Matcher m = BUFFERS.matcher(plan.lines().filter(l -> l.contains("Buffers")).findFirst().orElse(""));
        return m.find() ? Long.parseLong(m.group(1)) + (m.group(2) == null ? 0 : Long.parseLong(m.group(2))) : 0;
    }

    private static String ints(int[] values) {
        return "{" + java.util.Arrays.stream(values).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",")) + "}";
    }

    private static String longs(long[] values) {
        return "{" + java.util.Arrays.stream(values).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(",")) + "}";
    }

    private static String explain(Statement s, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}

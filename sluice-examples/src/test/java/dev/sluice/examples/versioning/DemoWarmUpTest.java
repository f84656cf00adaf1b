package dev.sluice.examples.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's schedule: small batches first (more calls of the nodes' per-batch code per round),
 * then the measured batch size, each phase ending at its first round nearly free of JIT work. The
 * rounds run against a JIT clock the test drives, so the schedule is checked without a database;
 * the rounds themselves run the real pipeline in {@link VersioningDemoTest}.
 */
class DemoWarmUpTest {

    private record Round(List<Long> ids, int batchSize) {
    }

    @Test
    void smallBatchesUntilTheJitIsIdleThenTheMeasuredSize() throws Exception {
        List<Long> ids = LongStream.rangeClosed(1, 12 * 10).boxed().toList();
        // JIT milliseconds spent by each round, in order: the small phase settles on its third round,
        // the measured phase on its second.
        long[] spent = {5_000, 800, 40, 600, 20, 900};
        AtomicLong jit = new AtomicLong();
        List<Round> rounds = new ArrayList<>();
        int ran = DemoWarmUp.warmNew(ids, 10, 12, 150, jit::get, (slice, batch, task) -> {
            rounds.add(new Round(slice, batch));
            jit.addAndGet(spent[rounds.size() - 1]);
        }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(ran).isEqualTo(5);
        assertThat(rounds).extracting(Round::batchSize).containsExactly(25, 25, 25, 150, 150);
        // Consecutive slices of the warm-up products, none used twice.
        for (int r = 0; r < rounds.size(); r++) {
            assertThat(rounds.get(r).ids()).isEqualTo(ids.subList(r * 10, (r + 1) * 10));
        }
    }

    @Test
    void eachPhaseStopsAtItsMostRounds() throws Exception {
        List<Long> ids = LongStream.rangeClosed(1, 12 * 10).boxed().toList();
        AtomicLong jit = new AtomicLong();
        List<Integer> batches = new ArrayList<>();
        int ran = DemoWarmUp.warmNew(ids, 10, 12, 150, jit::get, (slice, batch, task) -> {
            batches.add(batch);
            jit.addAndGet(1_000); // never idle
        }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(ran).isEqualTo(12);
        assertThat(batches.subList(0, DemoWarmUp.SMALL_BATCH_ROUNDS)).containsOnly(25);
        assertThat(batches.subList(DemoWarmUp.SMALL_BATCH_ROUNDS, 12)).containsOnly(150);
    }

    @Test
    void aBatchTooSmallToShrinkAndASingleRoundRunOnlyTheMeasuredSize() throws Exception {
        assertThat(DemoWarmUp.smallBatch(150)).isEqualTo(25);
        assertThat(DemoWarmUp.smallBatch(30)).isEqualTo(10);
        assertThat(DemoWarmUp.smallBatch(5)).isEqualTo(5);
        List<Integer> batches = new ArrayList<>();
        DemoWarmUp.warmNew(LongStream.rangeClosed(1, 10).boxed().toList(), 10, 1, 150, () -> 0, (slice, batch, task) -> batches.add(batch),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(batches).containsExactly(150);
    }
}

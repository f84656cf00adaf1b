package dev.sluice.leaderboard.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The array-backed instance against aggregates kept the plain way (a map of {@link PlayerScore}s,
 * sorted on every check), under random events with wide and negative scores (sums past 2^63),
 * ties, checkpoint loads, and freezes followed by late events (fixed seed).
 */
class WindowInstanceTest {

    @Test
    void agreesWithPlainAggregatesThroughFreezesAndThaws() {
        Random random = new Random(20261202L);
        Players names = new Players();
        WindowInstance instance = new WindowInstance("1m", Instant.ofEpochSecond(60), names, true, true);
        Map<String, PlayerScore> reference = new HashMap<>();
        for (int round = 0; round < 60; round++) {
            List<Board.Fold> folds = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(80); k++) {
                String player = "p" + random.nextInt(400);
                long score = switch (random.nextInt(4)) {
                    case 0 -> Long.MAX_VALUE - random.nextInt(3); // sums overflow a long
                    case 1 -> Long.MIN_VALUE + random.nextInt(3);
                    default -> random.nextInt(50) - 10; // ties
                };
                long ts = 1_000_000L * (60 + random.nextInt(60)) + random.nextInt(3);
                folds.add(new Board.Fold(names.intern(player), score, ts));
                reference.merge(player, new PlayerScore(player, score, ts, BigDecimal.valueOf(score), 1), WindowInstanceTest::fold);
            }
            instance.apply(folds, true);
            if (round % 7 == 3) {
                String player = "p" + random.nextInt(500); // known or new
                PlayerScore loaded = new PlayerScore(player, random.nextInt(40), 61_000_000L,
                        BigDecimal.valueOf(Long.MAX_VALUE).multiply(BigDecimal.valueOf(-5)), 9);
                instance.load(loaded);
                reference.put(player, loaded);
            }
            if (round % 5 == 4) {
                instance.freeze();
                assertThat(instance.frozen()).isTrue();
            }
            check(instance, reference, random);
        }
        instance.freeze();
        check(instance, reference, random);
    }

    private static PlayerScore fold(PlayerScore a, PlayerScore e) {
        long best = a.best();
        long reached = a.reachedMicros();
        if (e.best() > best || (e.best() == best && e.reachedMicros() < reached)) {
            best = e.best();
            reached = e.reachedMicros();
        }
        return new PlayerScore(a.player(), best, reached, a.total().add(e.total()), a.events() + 1);
    }

    private static void check(WindowInstance instance, Map<String, PlayerScore> reference, Random random) {
        List<PlayerScore> sorted = new ArrayList<>(reference.values());
        sorted.sort(PlayerScore.RANKING);
        assertThat(instance.size()).isEqualTo(sorted.size());
        assertThat(instance.page(0, Integer.MAX_VALUE)).isEqualTo(sorted);
        int offset = random.nextInt(sorted.size() + 2);
        assertThat(instance.page(offset, 10)).isEqualTo(sorted.subList(Math.min(offset, sorted.size()), Math.min(offset + 10, sorted.size())));
        for (int i = 0; i < sorted.size(); i++) {
            PlayerScore me = sorted.get(i);
            assertThat(instance.get(me.player())).contains(me);
            WindowInstance.Position p = instance.position(me.player(), 2).orElseThrow();
            assertThat(p.ahead()).isEqualTo(i);
            assertThat(p.me()).isEqualTo(me);
            assertThat(p.above()).isEqualTo(sorted.subList(Math.max(0, i - 2), i));
            assertThat(p.below()).isEqualTo(sorted.subList(i + 1, Math.min(sorted.size(), i + 3)));
        }
        assertThat(instance.get("nobody")).isEmpty();
        assertThat(instance.position("nobody", 1)).isEmpty();
    }

    @Test
    void changedPlayersAreHandedOutOnceAndCanBeGivenBack() {
        Players names = new Players();
        WindowInstance instance = new WindowInstance("all", Instant.EPOCH, names, false, true);
        instance.apply(List.of(new Board.Fold(names.intern("a"), 5, 1), new Board.Fold(names.intern("b"), 3, 1)), false);
        List<String> taken = new ArrayList<>();
        instance.takeChanged(s -> taken.add(s.player()));
        assertThat(taken).containsExactlyInAnyOrder("a", "b");
        instance.apply(List.of(new Board.Fold(names.intern("a"), 4, 2)), false); // max alone, no improvement: unchanged
        taken.clear();
        instance.takeChanged(s -> taken.add(s.player()));
        assertThat(taken).isEmpty();
        instance.markChanged("b");
        instance.takeChanged(s -> taken.add(s.player()));
        assertThat(taken).containsExactly("b");
    }
}

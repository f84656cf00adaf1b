package dev.sluice.leaderboard.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order-statistic treap against a sorted list, under random adds, removes and positional reads (fixed seed). */
class RankedSetTest {

    @Test
    void agreesWithASortedListUnderRandomOperations() {
        Random random = new Random(20261202L);
        Comparator<Integer> order = Comparator.reverseOrder(); // a comparator other than the natural one
        RankedSet<Integer> set = new RankedSet<>(order, 7);
        List<Integer> reference = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int value = random.nextInt(2_000);
            int pos = Collections.binarySearch(reference, value, order);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    assertThat(set.add(value)).isEqualTo(pos < 0);
                    if (pos < 0) {
                        reference.add(-pos - 1, value);
                    }
                }
                case 2 -> {
                    assertThat(set.remove(value)).isEqualTo(pos >= 0);
                    if (pos >= 0) {
                        reference.remove(pos);
                    }
                }
                default -> {
                    assertThat(set.contains(value)).isEqualTo(pos >= 0);
                    assertThat(set.before(value)).isEqualTo(pos >= 0 ? pos : -pos - 1);
                    int offset = random.nextInt(reference.size() + 2);
                    int limit = random.nextInt(120);
                    assertThat(set.page(offset, limit))
                            .isEqualTo(reference.subList(Math.min(offset, reference.size()), Math.min(offset + limit, reference.size())));
                }
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        assertThat(set.page(0, Integer.MAX_VALUE)).isEqualTo(reference);
        assertThat(reference.size()).isGreaterThan(500);
    }

    @Test
    void emptySetAndEdges() {
        RankedSet<String> set = new RankedSet<>(Comparator.naturalOrder(), 1);
        assertThat(set.page(0, 10)).isEmpty();
        assertThat(set.before("x")).isZero();
        assertThat(set.remove("x")).isFalse();
        set.add("b");
        set.add("a");
        assertThat(set.page(1, 10)).containsExactly("b");
        assertThat(set.page(2, 10)).isEmpty();
        assertThat(set.page(0, 0)).isEmpty();
        assertThat(set.before("c")).isEqualTo(2);
    }
}

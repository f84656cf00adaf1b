package dev.sluice.leaderboard.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The array-backed order-statistic treap against a sorted list, under random adds, removes and positional reads (fixed seed). */
class RankedSetTest {

    @Test
    void agreesWithASortedListUnderRandomOperations() {
        Random random = new Random(20261202L);
        Comparator<Integer> order = Comparator.reverseOrder(); // a comparator other than the natural one
        RankedSet set = new RankedSet(order::compare, 7);
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
                    assertThat(boxed(set.page(offset, limit)))
                            .isEqualTo(reference.subList(Math.min(offset, reference.size()), Math.min(offset + limit, reference.size())));
                }
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        assertThat(boxed(set.page(0, Integer.MAX_VALUE))).isEqualTo(reference);
        assertThat(reference.size()).isGreaterThan(500);
    }

    @Test
    void emptySetAndEdges() {
        RankedSet set = new RankedSet(Integer::compare, 1);
        assertThat(set.page(0, 10)).isEmpty();
        assertThat(set.before(24)).isZero();
        assertThat(set.remove(24)).isFalse();
        assertThat(set.contains(1_000_000)).isFalse();
        set.add(2);
        set.add(1);
        assertThat(set.add(2)).isFalse();
        assertThat(set.page(1, 10)).containsExactly(2);
        assertThat(set.page(2, 10)).isEmpty();
        assertThat(set.page(0, 0)).isEmpty();
        assertThat(set.page(-1, 10)).isEmpty();
        assertThat(set.before(3)).isEqualTo(2);
        assertThat(set.remove(1)).isTrue();
        assertThat(set.contains(1)).isFalse();
        assertThat(set.before(2)).isZero();
        set.add(1); // a removed element comes back in its place
        assertThat(set.page(0, 10)).containsExactly(1, 2);
        assertThatThrownBy(() -> set.add(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}

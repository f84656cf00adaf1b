package dev.sluice.bench.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FoldProbeTest {

    @Test
    void foldsRoundsOfSimulatedSecondsAndReportsEachRoundsRateSorted() {
        double[] perSecond = FoldProbe.run(500, 2_000, 3, 2);
        assertThat(perSecond).hasSize(3);
        assertThat(perSecond[0]).isPositive();
        assertThat(perSecond[0]).isLessThanOrEqualTo(perSecond[1]);
        assertThat(perSecond[1]).isLessThanOrEqualTo(perSecond[2]);
        assertThatThrownBy(() -> FoldProbe.run(0, 2_000, 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.sluice.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The exactly-once check: a duplicated or a missing job fails it, and says which. */
class HandledIdsTest {

    @Test
    void everyJobOnceIsExactlyOnce() {
        HandledIds ids = new HandledIds(3);
        ids.handled(0);
        ids.handled(2);
        ids.handled(1);
        assertThat(ids.verdict().exactlyOnce()).isTrue();
        assertThat(ids.verdict().toString()).isEqualTo("all 3 jobs ran exactly once");
    }

    @Test
    void aDuplicatedJobFailsTheCheck() {
        HandledIds ids = new HandledIds(3);
        ids.handled(0);
        ids.handled(1);
        ids.handled(1);
        ids.handled(2);
        HandledIds.Verdict verdict = ids.verdict();
        assertThat(verdict.exactlyOnce()).isFalse();
        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.missing()).isZero();
        assertThat(verdict.extraRuns()).isEqualTo(1);
        assertThat(verdict.exampleIds()).containsExactly(1);
    }

    @Test
    void aMissingJobFailsTheCheck() {
        HandledIds ids = new HandledIds(3);
        ids.handled(0);
        ids.handled(2);
        HandledIds.Verdict verdict = ids.verdict();
        assertThat(verdict.exactlyOnce()).isFalse();
        assertThat(verdict.missing()).isEqualTo(1);
        assertThat(verdict.exampleIds()).containsExactly(1);
        assertThat(verdict.toString()).contains("1 of 3 jobs never ran");
    }

    @Test
    void aRunOfAnUnknownIdIsAnExtraRun() {
        HandledIds ids = new HandledIds(2);
        ids.handled(0);
        ids.handled(1);
        ids.handled(7);
        assertThat(ids.verdict().exactlyOnce()).isFalse();
        assertThat(ids.verdict().extraRuns()).isEqualTo(1);
    }

    @Test
    void countsFromANodePeerAreAddedAndCheckedTheSameWay() {
        HandledIds ids = new HandledIds(4);
        ids.addAll(new byte[] {1, 2, 0, 1});
        HandledIds.Verdict verdict = ids.verdict();
        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.missing()).isEqualTo(1);
        assertThat(verdict.exampleIds()).containsExactly(1, 2);
        assertThatThrownBy(() -> ids.addAll(new byte[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 4");
    }

    @Test
    void verdictsOfPhasesAddUp() {
        HandledIds a = new HandledIds(2);
        a.handled(0);
        a.handled(1);
        HandledIds b = new HandledIds(2);
        b.handled(0);
        HandledIds.Verdict both = a.verdict().plus(b.verdict());
        assertThat(both.jobs()).isEqualTo(4);
        assertThat(both.missing()).isEqualTo(1);
        assertThat(both.exactlyOnce()).isFalse();
    }
}

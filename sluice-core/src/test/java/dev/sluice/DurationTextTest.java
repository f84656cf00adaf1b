package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void readsTheUsualForms() {
        assertThat(DurationText.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse("300s")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("1500ms, 30s, 5m, 2h or PT5M");
    }
}

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
        assertThat(DurationText.parse(" 45 ")).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationText.parse("10 MS")).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("1500ms, 30s, 5m, 2h or PT5M");
        assertThatThrownBy(() -> DurationText.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

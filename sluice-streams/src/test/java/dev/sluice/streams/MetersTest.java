package dev.sluice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.Sluice;
import dev.sluice.SluiceConfig;
import dev.sluice.embedded.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetersTest extends StreamsTestSupport {

    @Test
    void appendedConsumedAndFailedBatchesAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Sluice metered = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).meterRegistry(registry).build());
             Streams s = Streams.start(metered, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO))) {
            s.create("m", StreamOptions.DEFAULTS);
            s.append("m", records("k", 0, 12));
            boolean[] failed = {false};
            s.subscribe("m", "sub", StartFrom.earliest(), FAST, b -> {
                if (!failed[0]) {
                    failed[0] = true;
                    throw new IllegalStateException("first attempt fails");
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("sluice.stream.consumed").counter() != null
                    && registry.find("sluice.stream.consumed").counter().count() == 12);
            assertThat(registry.get("sluice.stream.appended").tag("stream", "m").counter().count()).isEqualTo(12);
            assertThat(registry.get("sluice.stream.batch.failures").tag("subscription", "sub").counter().count()).isEqualTo(1);
        }
    }
}

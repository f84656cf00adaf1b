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

    @Test
    void lagGaugesFollowEachSubscriptionAndCapTheCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Sluice metered = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).meterRegistry(registry).build());
             Streams s = Streams.start(metered, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO).withLagGaugeRefresh(Duration.ZERO))) {
            s.create("g", StreamOptions.DEFAULTS);
            s.subscriptions().create("g", "behind", StartFrom.earliest());
            s.subscriptions().create("g", "caught_up", StartFrom.earliest());
            s.append("g", records("k", 0, 30));
            s.poll("g", "caught_up", 1000, b -> { });
            // the first read of sluice.stream.subscriptions registers the per-subscription gauges
            assertThat(registry.get("sluice.stream.subscriptions").gauge().value()).isEqualTo(2);
            assertThat(registry.get("sluice.stream.lag.events").tags("stream", "g", "subscription", "behind").gauge().value()).isEqualTo(30);
            assertThat(registry.get("sluice.stream.lag.seconds").tags("stream", "g", "subscription", "behind").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("sluice.stream.lag.events").tags("stream", "g", "subscription", "caught_up").gauge().value()).isZero();
            assertThat(registry.get("sluice.stream.lag.seconds").tags("stream", "g", "subscription", "caught_up").gauge().value()).isZero();

            s.poll("g", "behind", 10, b -> { });
            assertThat(registry.get("sluice.stream.lag.events").tags("stream", "g", "subscription", "behind").gauge().value()).isEqualTo(20);

            s.subscriptions().delete("g", "caught_up");
            registry.get("sluice.stream.subscriptions").gauge().value();
            assertThat(registry.find("sluice.stream.lag.events").tags("subscription", "caught_up").gauge()).isNull();
        }
    }

    @Test
    void lagGaugesReadTheDatabaseAtMostOncePerRefreshInterval() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Sluice metered = Sluice.start(SluiceConfig.builder().jdbcUrl(TestDatabase.jdbcUrl()).schema(schema).meterRegistry(registry).build());
             Streams s = Streams.start(metered, StreamsConfig.DEFAULTS.withMaintenanceInterval(Duration.ZERO).withLagGaugeRefresh(Duration.ofHours(1)))) {
            s.create("h", StreamOptions.DEFAULTS);
            s.subscriptions().create("h", "sub", StartFrom.earliest());
            registry.get("sluice.stream.subscriptions").gauge().value();
            s.append("h", records("k", 0, 5));
            // still the snapshot of the first read: scrapes within the interval do not query
            assertThat(registry.get("sluice.stream.lag.events").tags("subscription", "sub").gauge().value()).isZero();
        }
    }
}

package dev.sluice.spring;

import dev.sluice.embedded.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a real Spring Boot application (no web server) on the test database and a fresh schema. */
final class TestApps {

    private TestApps() {
    }

    static ConfigurableApplicationContext run(Class<?> application, String jdbcUrl, String schema, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + jdbcUrl,
                "sluice.schema=" + schema,
                "sluice.poll-interval=200ms",
                "sluice.sweep-interval=100ms"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    static ConfigurableApplicationContext runFresh(Class<?> application, String schemaPrefix, String... properties) {
        return run(application, TestDatabase.jdbcUrl(), TestDatabase.freshSchemaName(schemaPrefix), properties);
    }
}
